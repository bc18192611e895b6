"""Devices over the bus, on a simulated sysfs: ListDevices with their drivers and candidates,
LoadForDevice authorized per module with the device in the details, Info's devices, and
modctl devices / load --for-device / info."""
import json
import unittest

from bus_fixture import ERRORS, BusTestCase
from fake_sysfs import E1000E_ALIAS, FakeSysfs

LOAD = "org.modmgr1.load"
UNBOUND = 0x20
DRY_RUN = 0x1


class Devices(BusTestCase):
    def setUp(self):
        super().setUp()
        self.sysfs = FakeSysfs(self.bed)
        self.sysfs.add_device("pci", "0000:00:03.0", E1000E_ALIAS,
                              "PCI_CLASS=20000\nPCI_ID=8086:10D3\nMODALIAS=" + E1000E_ALIAS + "\n")
        # virtio-net, bound to virtio_net (which the simulated kernel has loaded).
        self.sysfs.add_device("virtio", "virtio0", "virtio:d00000001v00001AF4")
        self.sysfs.bind("virtio", "virtio0", "virtio_net", "virtio_net")

    def devices(self, flags=0):
        rows, truncated = self.assertOk(self.bed.call("ListDevices", "(t)", (flags,)))
        self.assertFalse(truncated)
        return {f"{row[0]}/{row[1]}": row for row in rows}

    def test_the_list_says_what_drives_each_device_and_what_could(self):
        devices = self.devices()
        self.assertEqual(set(devices), {"pci/0000:00:03.0", "virtio/virtio0"})
        self.assertEqual(devices["pci/0000:00:03.0"],
                         ("pci", "0000:00:03.0", E1000E_ALIAS,
                          {"PCI_CLASS": "20000", "PCI_ID": "8086:10D3"}, "", "",
                          [("e1000e", False, False)]))
        virtio = devices["virtio/virtio0"]
        self.assertEqual(virtio[4:6], ("virtio_net", "virtio_net"))
        self.assertIn(("virtio_net", False, False), virtio[6])
        self.assertEqual(set(self.devices(UNBOUND)), {"pci/0000:00:03.0"})

    def test_a_blacklisted_candidate_is_marked_and_not_loaded_for_the_device(self):
        self.bed.write_config("etc/modprobe.d/e1000e.conf", "blacklist e1000e\n")
        self.assertEqual(self.devices()["pci/0000:00:03.0"][6], [("e1000e", True, False)])
        self.assertError(self.bed.call("LoadForDevice", "(st)", ("pci/0000:00:03.0", 0)),
                         ERRORS["Blacklisted"], "e1000e.conf:1")
        self.assertEqual(self.bed.loaded(), [])

    def test_a_masked_candidate_is_marked(self):
        self.bed.write_config("etc/modprobe.d/mask.conf", "install e1000e /bin/false\n")
        self.assertEqual(self.devices()["pci/0000:00:03.0"][6], [("e1000e", False, True)])

    def test_load_for_device_loads_its_candidate_asking_polkit_about_the_module(self):
        self.assertEqual(self.assertOk(self.bed.call("LoadForDevice", "(st)",
                                                     ("pci/0000:00:03.0", DRY_RUN))),
                         (["e1000e"], []))
        self.assertEqual(self.bed.loaded(), [])
        self.assertEqual(self.assertOk(self.bed.call("LoadForDevice", "(st)", ("pci/0000:00:03.0", 0))),
                         (["e1000e"], []))
        self.assertIn("e1000e", self.bed.loaded())
        details = [c["details"] for c in self.bed.polkit_calls() if c["action"] == LOAD]
        self.assertEqual(details[-1], {"module": "e1000e", "requested": E1000E_ALIAS,
                                       "parameters": "", "flags": "0x0",
                                       "device": "pci/0000:00:03.0"})

    def test_a_device_that_is_not_there_is_not_found(self):
        for device in ("pci/0000:00:09.0", "usb/1-1", "virtio/virtio9"):
            with self.subTest(device):
                self.assertError(self.bed.call("LoadForDevice", "(st)", (device, 0)),
                                 ERRORS["NotFound"])
        self.assertEqual(self.bed.polkit_calls(), [])

    def test_info_of_a_module_names_the_devices_it_drives(self):
        self.bed.write_kernel_state(dict(self.bed.kernel_state(), modules=[
            {"name": "virtio_net", "size": 4096, "depends": [], "users": 0}]))
        info = self.assertOk(self.bed.info("virtio_net"))[0]
        self.assertEqual(info["devices"], ["virtio/virtio0"])
        self.assertNotIn("devices", self.assertOk(self.bed.info("e1000e"))[0])

    def test_modctl_devices_info_and_load_for_device(self):
        self.bed.write_kernel_state(dict(self.bed.kernel_state(), modules=[
            {"name": "virtio_net", "size": 4096, "depends": [], "users": 0}]))
        listing = self.bed.modctl("devices")
        self.assertEqual(listing.returncode, 0, listing.stderr)
        self.assertIn("pci/0000:00:03.0", listing.stdout)
        self.assertIn("e1000e", listing.stdout)
        unbound = self.bed.modctl("devices", "--unbound", "--json")
        self.assertEqual(unbound.returncode, 0, unbound.stderr)
        document = json.loads(unbound.stdout)
        self.assertEqual([d["device"] for d in document["devices"]], ["pci/0000:00:03.0"])
        self.assertEqual(document["devices"][0]["candidates"],
                         [{"module": "e1000e", "blacklisted": False, "masked": False}])
        info = self.bed.modctl("info", "virtio_net")
        self.assertIn("virtio/virtio0", info.stdout)
        loaded = self.bed.modctl("load", "--for-device", "pci/0000:00:03.0")
        self.assertEqual(loaded.returncode, 0, loaded.stderr)
        self.assertIn("e1000e", self.bed.loaded())


if __name__ == "__main__":
    unittest.main()
