"""polkit on every call: subject, details, the interactive flag, fallbacks, root."""
import time
import unittest

from bus_fixture import ERRORS, BusTestCase, DRY_RUN, NOBODY


class Authorization(BusTestCase):
    def test_allowed_caller_loads_and_polkit_sees_the_bus_name_and_details(self):
        status, reply, unique_name = self.bed.load("dummy", ["numdummies=3"])
        self.assertEqual(status, "ok", reply)
        self.assertEqual(reply, (["dummy"], []))
        self.assertEqual(self.bed.loaded(), ["dummy"])
        load_checks = [c for c in self.bed.polkit_calls() if c["action"] == "org.modmgr1.load"]
        self.assertEqual(len(load_checks), 1)
        check = load_checks[0]
        self.assertEqual(check["subject_kind"], "system-bus-name")
        self.assertEqual(check["subject"], {"name": unique_name})
        self.assertEqual(check["details"], {"module": "dummy", "requested": "dummy",
                                            "parameters": "numdummies=3", "flags": "0x0"})

    def test_denied_caller_gets_access_denied_and_nothing_changes(self):
        self.bed.polkit("org.modmgr1.load", "no")
        self.assertError(self.bed.load("dummy"), ERRORS["AccessDenied"],
                         "org.modmgr1.load")
        self.assertEqual(self.bed.loaded(), [])

    def test_interactive_flag_is_forwarded_only_when_the_caller_sets_it(self):
        self.bed.polkit("org.modmgr1.load", "auth")
        self.assertOk(self.bed.load("dummy", interactive=True))
        self.bed.polkit("org.modmgr1.unload", "auth")
        self.assertError(self.bed.unload("dummy"),
                         ERRORS["InteractiveAuthorizationRequired"])
        flags = {c["action"]: c["flags"] for c in self.bed.polkit_calls()}
        self.assertEqual(flags["org.modmgr1.load"], 1)
        self.assertEqual(flags["org.modmgr1.unload"], 0)
        self.assertEqual(self.bed.loaded(), ["dummy"])

    def test_challenge_on_an_interactive_call_without_an_agent_is_denied(self):
        self.bed.polkit("org.modmgr1.load", "challenge")
        self.assertError(self.bed.load("dummy", interactive=True),
                         ERRORS["AccessDenied"])
        self.assertEqual(self.bed.loaded(), [])

    def test_polkit_failing_denies_writes_but_keeps_reads(self):
        self.bed.polkit("org.modmgr1.load", "error")
        self.bed.polkit("org.modmgr1.inspect", "error")
        self.assertError(self.bed.load("dummy"), ERRORS["AccessDenied"], "polkit")
        self.assertOk(self.bed.list())
        self.assertEqual(self.bed.loaded(), [])

    def test_polkit_hanging_gives_a_bounded_answer(self):
        self.bed.polkit("org.modmgr1.load", "hang")
        self.bed.polkit("org.modmgr1.inspect", "hang")
        started = time.monotonic()
        self.assertError(self.bed.load("dummy"), ERRORS["AccessDenied"], "polkit")
        self.assertOk(self.bed.list())
        # --polkit-timeout is 2 s for this bed: two checks, well under the client's 30 s.
        self.assertLess(time.monotonic() - started, 10)
        self.assertEqual(self.bed.loaded(), [])

    def test_root_is_authorized_without_asking_polkit(self):
        self.bed.polkit("org.modmgr1.load", "no")
        self.assertOk(self.bed.load("dummy", uid=0))
        self.assertEqual([c for c in self.bed.polkit_calls() if c["action"] == "org.modmgr1.load"], [])

    def test_every_method_asks_for_its_own_action(self):
        self.assertOk(self.bed.load("dummy", flags=DRY_RUN))
        self.assertOk(self.bed.list())
        self.assertOk(self.bed.info("dummy"))
        actions = [c["action"] for c in self.bed.polkit_calls()]
        self.assertEqual(actions, ["org.modmgr1.load", "org.modmgr1.inspect", "org.modmgr1.inspect"])


class WithoutPolkit(BusTestCase):
    bed_options = {"with_polkit": False}

    def test_polkit_absent_denies_writes_and_allows_reads(self):
        self.assertError(self.bed.load("dummy"), ERRORS["AccessDenied"], "polkit")
        self.assertOk(self.bed.load("vxlan", uid=0))
        self.assertError(self.bed.unload("vxlan"), ERRORS["AccessDenied"], "polkit")
        self.assertOk(self.bed.list())
        self.assertOk(self.bed.info("dummy"))
        self.assertEqual(sorted(self.bed.loaded()), ["ip6_udp_tunnel", "udp_tunnel", "vxlan"])

    def test_a_call_that_cannot_succeed_is_answered_before_polkit_is_asked(self):
        # Nothing to authenticate for: no password prompt for a module that is not there.
        self.assertError(self.bed.unload("dummy"), ERRORS["NotLoaded"])
        self.assertError(self.bed.load("no_such_module"), ERRORS["NotFound"])

    def test_root_still_works_without_polkit(self):
        self.assertOk(self.bed.load("dummy", uid=0))
        self.assertEqual(self.bed.loaded(), ["dummy"])


if __name__ == "__main__":
    unittest.main()
