"""Attacks through ListDevices and LoadForDevice: device strings that try to name another path
(refused before polkit is asked, nothing loaded), a sysfs whose symlinks point out of it (never
followed out), callers polkit refuses, flags they do not take, floods from one user."""
import os
import unittest

from bus_fixture import ERRORS, NOBODY, OTHER_USER, BusTestCase
from fake_sysfs import E1000E_ALIAS, FakeSysfs

INVALID = ERRORS["InvalidArgument"]
INVALID_ARGS = ERRORS["InvalidArgs"]
ACCESS_DENIED = ERRORS["AccessDenied"]
LIMITS_EXCEEDED = ERRORS["LimitsExceeded"]

HOSTILE_DEVICES = {
    "empty": "",
    "no bus": "0000:00:03.0",
    "climbing": "pci/../../../etc",
    "dot dot": "pci/..",
    "dot": "pci/.",
    "bus climbing": "../pci/0000:00:03.0",
    "absolute": "/sys/bus/pci/devices/0000:00:03.0",
    "extra slash": "pci/devices/0000:00:03.0",
    "trailing slash": "pci/0000:00:03.0/",
    "long": "pci/" + "a" * 4096,
    "30 KiB bus": "p" * 30000 + "/x",
    "newline": "pci/0000:00:03.0\nx",
    "space": "pci/0000 00",
    "unicode": "pci/dévice",
    "glob": "pci/*",
    "control byte": "pci/\x01",
}


def load_for(bed, device, flags=0, **kw):
    return bed.call("LoadForDevice", "(st)", (device, flags), **kw)


class HostileDevices(BusTestCase):
    def setUp(self):
        super().setUp()
        self.sysfs = FakeSysfs(self.bed)
        self.sysfs.add_device("pci", "0000:00:03.0", E1000E_ALIAS)

    def test_device_strings_naming_another_path_are_refused_before_polkit(self):
        for label, device in HOSTILE_DEVICES.items():
            with self.subTest(label):
                self.assertTypedError(load_for(self.bed, device), INVALID)
        self.assertEqual(self.bed.polkit_calls(), [])
        self.assertEqual(self.bed.loaded(), [])
        self.assertSurvived()

    def test_symlinks_out_of_the_sysfs_root_are_not_followed(self):
        outside = os.path.join(self.bed.tmp, "outside")
        os.makedirs(outside)
        with open(os.path.join(outside, "modalias"), "w") as f:
            f.write(E1000E_ALIAS + "\n")
        self.sysfs.link(outside, "bus/pci/devices/absolute")
        self.sysfs.link("../../../../outside", "bus/pci/devices/climbing")
        os.makedirs(self.sysfs.path("devices/pci0000:00/linked"))
        self.sysfs.link(os.path.join(outside, "modalias"), "devices/pci0000:00/linked/modalias")
        self.sysfs.link("../../../devices/pci0000:00/linked", "bus/pci/devices/linked")
        for device in ("pci/absolute", "pci/climbing", "pci/linked"):
            with self.subTest(device):
                self.assertError(load_for(self.bed, device), ERRORS["NotFound"])
        rows, _ = self.assertOk(self.bed.call("ListDevices", "(t)", (0,)))
        self.assertEqual([f"{r[0]}/{r[1]}" for r in rows], ["pci/0000:00:03.0"])
        self.assertEqual(self.bed.loaded(), [])
        self.assertSurvived()

    def test_flags_they_do_not_take_are_refused(self):
        for flags in (0x4, 0x20, 1 << 63):
            with self.subTest(hex(flags)):
                self.assertTypedError(load_for(self.bed, "pci/0000:00:03.0", flags), INVALID_ARGS)
        for flags in (0x1, 0x2, 1 << 63):
            with self.subTest(f"ListDevices {hex(flags)}"):
                self.assertTypedError(self.bed.call("ListDevices", "(t)", (flags,)), INVALID_ARGS)
        self.assertEqual(self.bed.polkit_calls(), [])
        self.assertSurvived()

    def test_callers_polkit_refuses_get_nothing(self):
        self.bed.polkit("org.modmgr1.load", "no")
        self.bed.polkit("org.modmgr1.inspect", "no")
        self.assertError(load_for(self.bed, "pci/0000:00:03.0"), ACCESS_DENIED)
        self.assertError(self.bed.call("ListDevices", "(t)", (0,)), ACCESS_DENIED)
        self.assertEqual(self.bed.loaded(), [])
        self.assertSurvived()


class Floods(BusTestCase):
    def setUp(self):
        super().setUp()
        self.sysfs = FakeSysfs(self.bed)
        for i in range(200):
            self.sysfs.add_device("pci", f"0000:01:{i // 8:02x}.{i % 8}", E1000E_ALIAS)

    def test_a_flood_of_each_from_one_user_leaves_others_served(self):
        for method, signature, args in (("ListDevices", "(t)", (0,)),
                                        ("LoadForDevice", "(st)", ("pci/0000:01:00.0", 1))):
            with self.subTest(method):
                flooder = self.bed.attacker(NOBODY, "flood", method=method, signature=signature,
                                            args=args, connections=16, calls=40,
                                            timeout_ms=120000)
                flooder.wait_started()
                self.assertServedPromptly(0, OTHER_USER)
                self.assertOutcomes(flooder.result(), ("ok", LIMITS_EXCEEDED))
        self.assertSurvived()


if __name__ == "__main__":
    unittest.main()
