"""Changes made behind modmgrd's back (here: the simulated kernel's state edited by the test,
as `modprobe` by root would change the real one) reach every client exactly once, marked as
external, through the daemon's periodic rescan; its own operations are announced once, with
their caller, however many rescans run meanwhile."""
import json
import os
import subprocess
import time
import unittest

from bus_fixture import BusTestCase, NOBODY

RESCAN_PERIOD = 5  # modmgrd re-reads the kernel this often (reference counts, lost uevents)


class ExternalChanges(BusTestCase):
    def start_monitor(self):
        modctl = os.path.join(self.bed.build_dir, "client/modctl")
        monitor = subprocess.Popen(
            ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", modctl,
             "monitor", "--json"],
            env=dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=self.bed.address),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(monitor.kill)
        monitor.stderr.readline()  # "monitoring modmgrd (...)": subscribed from here on
        return monitor

    def stop_monitor(self, monitor):
        monitor.send_signal(2)
        out, _ = monitor.communicate(timeout=10)
        return [json.loads(line) for line in out.splitlines()]

    def test_a_change_behind_the_daemons_back_is_announced_once_as_external(self):
        monitor = self.start_monitor()
        state = self.bed.kernel_state()
        state["modules"].insert(0, {"name": "fuse", "size": 4096, "depends": [], "users": 1})
        self.bed.write_kernel_state(state)
        time.sleep(2.5 * RESCAN_PERIOD)  # at least two rescans
        events = self.stop_monitor(monitor)
        self.assertEqual([(e["event"], e["name"], e["caller_uid"]) for e in events],
                         [("loaded", "fuse", None)])
        self.assertIn("/org/modmgr1/module/fuse", self.bed.managed_objects())

    def test_own_operations_are_announced_once_with_the_caller_despite_rescans(self):
        monitor = self.start_monitor()
        self.assertOk(self.bed.load("vxlan"))
        time.sleep(1.5 * RESCAN_PERIOD)
        self.assertOk(self.bed.unload("vxlan"))
        time.sleep(1.5 * RESCAN_PERIOD)
        events = self.stop_monitor(monitor)
        loaded = [e for e in events if e["event"] == "loaded"]
        unloaded = [e for e in events if e["event"] == "unloaded"]
        self.assertEqual(sorted(e["name"] for e in loaded), ["ip6_udp_tunnel", "udp_tunnel", "vxlan"])
        self.assertEqual(sorted(e["name"] for e in unloaded), ["ip6_udp_tunnel", "udp_tunnel", "vxlan"])
        self.assertTrue(all(e["caller_uid"] == NOBODY for e in events), events)
        self.assertEqual(len(events), 6, events)

    def test_a_reference_count_change_is_published_without_a_uevent(self):
        self.assertOk(self.bed.load("dummy"))
        state = self.bed.kernel_state()
        state["modules"][0]["users"] = 2
        self.bed.write_kernel_state(state)
        time.sleep(1.5 * RESCAN_PERIOD)
        props = self.bed.managed_objects()["/org/modmgr1/module/dummy"]["org.modmgr1.Module"]
        self.assertEqual(props["RefCount"], 2)


if __name__ == "__main__":
    unittest.main()
