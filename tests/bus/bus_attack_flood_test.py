"""Floods from one unprivileged user: calls that stay in flight with fds attached (modmgrd's fd
limit), calls whose polkit checks never end (the bus's limit on modmgrd's own pending
calls), and plain volume. Others must be served promptly throughout."""
import time
import unittest

from bus_fixture import (ERRORS, BusTestCase, NOBODY, OTHER_USER, PROMPT_SECONDS, THIRD_USER,
                         unit_nofile_limit)

ACCESS_DENIED = ERRORS["AccessDenied"]
LIMITS_EXCEEDED = ERRORS["LimitsExceeded"]
INSPECT, LOAD, CONFIGURE = "org.modmgr1.inspect", "org.modmgr1.load", "org.modmgr1.configure"


class Flood(BusTestCase):
    # The hung checks must stay in flight for the whole attack.
    bed_options = {"polkit_timeout": 30}

    def checks(self, uid, action):
        return [c for c in self.bed.polkit_calls()
                if c["subject_uid"] == uid and c["action"] == action]

    def wait_for_checks_to_settle(self, uid, action):
        """Until modmgrd has passed on to polkit all it is going to of the attack."""
        deadline = time.monotonic() + 10
        count = -1
        while count != len(self.checks(uid, action)) and time.monotonic() < deadline:
            count = len(self.checks(uid, action))
            time.sleep(0.5)
        return count

    def end_hanging_checks(self, action):
        self.bed.polkit_for(NOBODY, action, "no")
        self.bed.polkit_release()


class FdExhaustion(Flood):
    def test_calls_in_flight_with_fds_attached(self):
        self.bed.polkit_for(NOBODY, INSPECT, "hang")
        watch = self.bed.watch_daemon()
        # Info takes no fd: each message carries 16 anyway (the bus's per-message maximum).
        extra_fds = self.bed.attacker(NOBODY, "flood", method="Info", signature="(s)",
                                      args=("dummy",), connections=8, calls=10,
                                      fd_path="/etc/hostname", fds_per_call=16)
        in_flight = self.bed.attacker(NOBODY, "flood", method="InfoFile", signature="(h)", args=(0,),
                                      connections=8, calls=10, fd_path="/etc/hostname",
                                      fds_per_call=1)
        extra_fds.wait_started()
        in_flight.wait_started()
        self.wait_for_checks_to_settle(NOBODY, INSPECT)
        self.assertServedPromptly(0, OTHER_USER)
        self.end_hanging_checks(INSPECT)
        extra_outcomes, in_flight_outcomes = extra_fds.result(), in_flight.result()
        self.assertLess(watch.stop().max_fds, 1024)
        self.assertSurvived()
        self.assertOutcomes(extra_outcomes, (ACCESS_DENIED,))
        self.assertOutcomes(in_flight_outcomes, (ACCESS_DENIED, LIMITS_EXCEEDED))
        self.assertIn(LIMITS_EXCEEDED, in_flight_outcomes)
        self.assertGreaterEqual(unit_nofile_limit(self.bed.source_dir)[0], 4096,
                                "modmgrd.service's LimitNOFILE=")


class PolkitChecksThatNeverEnd(Flood):
    def test_hanging_checks_of_one_user_leave_polkit_to_the_others(self):
        self.bed.polkit_for(NOBODY, LOAD, "hang")
        attacker = self.bed.attacker(NOBODY, "flood", method="Load", signature="(sast)",
                                     args=("dummy", [], 0), connections=20, calls=12)
        attacker.wait_started()
        hanging = self.wait_for_checks_to_settle(NOBODY, LOAD)

        write, seconds = self.bed.timed_call("SetBlacklisted", "(sbt)", ("dummy", True, 0),
                                             uid=OTHER_USER, timeout_ms=10000)
        self.assertOk(write)
        self.assertLess(seconds, PROMPT_SECONDS)
        self.assertServedPromptly(THIRD_USER)
        # polkit itself said yes to them: no "polkit unavailable" fallback.
        self.assertEqual(len(self.checks(OTHER_USER, CONFIGURE)), 1)
        self.assertEqual(len(self.checks(THIRD_USER, INSPECT)), 1)
        self.assertLessEqual(hanging, 64)

        self.end_hanging_checks(LOAD)
        self.assertOutcomes(attacker.result(), (ACCESS_DENIED, LIMITS_EXCEEDED))
        self.assertSurvived()


class Volume(BusTestCase):
    def test_thousands_of_queued_info_calls_from_one_user(self):
        flooder = self.bed.attacker(NOBODY, "flood", method="Info", signature="(s)",
                                    args=("dummy",), connections=32, calls=100,
                                    timeout_ms=120000)
        flooder.wait_started()
        self.assertServedPromptly(0, OTHER_USER)
        self.assertOutcomes(flooder.result(), ("ok", LIMITS_EXCEEDED))
        self.assertSurvived()


if __name__ == "__main__":
    unittest.main()
