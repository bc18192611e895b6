"""modmgrd stopped (SIGTERM, as systemctl stop does) while a call is in flight: a clean exit,
and the caller gets its answer instead of waiting for its timeout. Killed (SIGKILL) midway
through a load: the next modmgrd says what the load left behind, and shows the kernel as it is."""
import signal
import threading
import time
import unittest

from bus_fixture import BusTestCase


class ShutdownWithACallInFlight(BusTestCase):
    bed_options = {"kernel_state": {"modules": [], "insert_delay_ms": 2000}}

    def test_sigterm_during_a_slow_load(self):
        answer = {}
        caller = threading.Thread(target=lambda: answer.update(
            outcome=self.bed.timed_call("Load", "(sast)", ("dummy", [], 0), timeout_ms=25000)))
        caller.start()
        self.addCleanup(caller.join)
        deadline = time.monotonic() + 10
        while not [c for c in self.bed.polkit_calls() if c["action"] == "org.modmgr1.load"]:
            self.assertLess(time.monotonic(), deadline, "the Load never reached polkit")
            time.sleep(0.05)
        time.sleep(0.3)  # authorized: the 2 s insert is under way
        self.bed.daemon.terminate()
        self.assertEqual(self.bed.daemon.wait(timeout=10), 0, "modmgrd's exit status")
        caller.join(timeout=15)
        result, seconds = answer["outcome"]
        if result[0] != "ok":
            self.assertTypedError(result)
        self.assertLess(seconds, 10)


class KilledDuringALoad(BusTestCase):
    bed_options = {"kernel_state": {"modules": [], "insert_delay_ms": 1500}}

    def test_sigkill_between_the_dependencies_and_the_module(self):
        caller = threading.Thread(target=lambda: self.bed.load("vxlan", uid=0, timeout_ms=25000))
        caller.start()
        self.addCleanup(caller.join)
        deadline = time.monotonic() + 15
        while self.bed.loaded() != ["udp_tunnel"]:
            self.assertLess(time.monotonic(), deadline, f"udp_tunnel never came: {self.bed.loaded()}")
            time.sleep(0.02)
        self.bed.daemon.send_signal(signal.SIGKILL)
        self.bed.daemon.wait(timeout=10)
        self.bed.restart_daemon()
        # The dependency inserted before the kill is still there (nothing undid it)...
        left = self.bed.loaded()
        self.assertIn("udp_tunnel", left)
        self.assertNotIn("vxlan", left)
        # ...the new modmgrd says so...
        report = [line for line in self.bed.log_since(0).splitlines()
                  if "stopped in the middle of loading vxlan" in line]
        self.assertEqual(len(report), 1, self.bed.log_since(0))
        self.assertIn("for uid 0", report[0])
        self.assertIn("now loaded: " + ", ".join(m for m in ("udp_tunnel", "ip6_udp_tunnel") if m in left),
                      report[0])
        self.assertIn("vxlan", report[0].split("not loaded: ")[1])
        # ...and publishes exactly what the kernel has.
        objects = self.bed.managed_objects()
        published = sorted(interfaces["org.modmgr1.Module"]["Name"]
                           for interfaces in objects.values() if "org.modmgr1.Module" in interfaces)
        self.assertEqual(published, sorted(left))
        # Once said, it is not said again.
        self.bed.restart_daemon()
        self.assertEqual(len([line for line in self.bed.log_since(0).splitlines()
                              if "stopped in the middle of" in line]), 1)


if __name__ == "__main__":
    unittest.main()
