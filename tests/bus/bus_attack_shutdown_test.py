"""modmgrd stopped (SIGTERM, as systemctl stop does) while a call is in flight: a clean exit,
and the caller gets its answer instead of waiting for its timeout."""
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


if __name__ == "__main__":
    unittest.main()
