"""Attacks through the methods that look at the whole system, ListConfiguration and
GetKernelStatus: callers polkit refuses, arguments they do not take, floods from one user,
and a configuration with thousands of lines and huge ones, whose listing stays within the
bounds org.modmgr1(5) documents (4096 entries, 1 MiB of text, 4 KiB a text)."""
import unittest

from bus_fixture import ERRORS, NOBODY, OTHER_USER, BusTestCase

ACCESS_DENIED = ERRORS["AccessDenied"]
INVALID_ARGS = ERRORS["InvalidArgs"]
LIMITS_EXCEEDED = ERRORS["LimitsExceeded"]
INSPECT = "org.modmgr1.inspect"
METHODS = ("ListConfiguration", "GetKernelStatus")
MiB = 1 << 20
MAX_ENTRIES, MAX_TEXT = 4096, 4096


class Refused(BusTestCase):
    def test_callers_polkit_refuses_learn_nothing(self):
        self.bed.polkit(INSPECT, "no")
        for method in METHODS:
            with self.subTest(method):
                self.assertError(self.bed.call(method), ACCESS_DENIED)
        self.assertEqual([c["action"] for c in self.bed.polkit_calls()], [INSPECT] * len(METHODS))
        self.assertSurvived()

    def test_arguments_they_do_not_take_are_refused_before_polkit(self):
        for method in METHODS:
            for signature, args in (("(s)", ("dummy",)), ("(t)", (1,)), ("(as)", (["x"] * 1000,))):
                with self.subTest(f"{method} {signature}"):
                    self.assertTypedError(self.bed.call(method, signature, args), INVALID_ARGS)
        self.assertEqual(self.bed.polkit_calls(), [])
        self.assertSurvived()


class Volume(BusTestCase):
    bed_options = {"modprobe_d": {f"m{i:03}.conf": "".join(f"blacklist m{i}x{j}\n" for j in range(20))
                                  for i in range(100)}}

    def test_a_flood_of_each_from_one_user_leaves_others_served(self):
        for method in METHODS:
            with self.subTest(method):
                flooder = self.bed.attacker(NOBODY, "flood", method=method, connections=16,
                                            calls=40, timeout_ms=120000)
                flooder.wait_started()
                self.assertServedPromptly(0, OTHER_USER)
                self.assertOutcomes(flooder.result(), ("ok", LIMITS_EXCEEDED))
        self.assertSurvived()


class HugeConfiguration(BusTestCase):
    """A line of 4 MiB first, then 10000 lines in 100 files: more than the bounds allow."""
    bed_options = {"modprobe_d": dict(
        {"000-huge.conf": "options dummy numdummies=" + "9" * (4 * MiB) + "\n"},
        **{f"m{i:03}.conf": "".join(f"blacklist m{i}x{j}\n" for j in range(100))
           for i in range(100)})}

    def test_the_listing_stays_within_its_bounds_and_says_it_was_cut(self):
        entries, truncated = self.assertOk(self.bed.call("ListConfiguration", timeout_ms=60000))
        self.assertTrue(truncated)
        self.assertEqual(len(entries), MAX_ENTRIES)
        self.assertLessEqual(sum(len(field) for entry in entries for field in entry
                                 if isinstance(field, str)), MiB)
        # The huge line is cut, and hides none of the lines after it.
        self.assertEqual(entries[0][:2], ("dummy", "options"))
        self.assertEqual(len(entries[0][4]), MAX_TEXT)
        self.assertEqual(entries[1][0], "m0x0")
        self.assertTrue(all(len(entry[4]) <= MAX_TEXT for entry in entries))
        self.assertSurvived()


if __name__ == "__main__":
    unittest.main()
