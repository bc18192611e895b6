"""Attacks through call arguments: names as large as a bus message can carry, newlines that
forge records in modmgrd's log, and rejected or denied calls that fill the log."""
import re
import time
import unittest

from gi.repository import Gio, GLib

from bus_fixture import ERRORS, BUS_NAME, MANAGER, MANAGER_PATH, NOBODY, SANITIZE, BusTestCase

INVALID = ERRORS["InvalidArgument"]
ACCESS_DENIED = ERRORS["AccessDenied"]
LIMITS_EXCEEDED = ERRORS["LimitsExceeded"]
BUS_MESSAGE_LIMIT = 32 << 20  # dbus-daemon's max_message_size
MiB, KiB = 1 << 20, 1 << 10
# An argument far over every bound modmgrd sets. Under a sanitizer it is smaller: the paths it
# takes are the same, but ASan's realloc moves a block on every call, and sd-bus reallocates
# its read buffer to the whole message's size after each read from the socket, so reading a
# message costs its size squared (40 s a call at 30 MiB, over a minute at the bus's limit).
HUGE = (4 if SANITIZE else 30) * MiB


def info_message_size(name):
    message = Gio.DBusMessage.new_method_call(BUS_NAME, MANAGER_PATH, MANAGER, "Info")
    message.set_body(GLib.Variant("(s)", (name,)))
    return len(message.to_blob(Gio.DBusCapabilityFlags.NONE))


def largest_info_path():
    """A path-like name whose Info call is just under the bus's message limit: anything
    modmgrd sends on with it (a polkit check) is over."""
    overhead = info_message_size("/") - 1
    return "/" + "a" * (BUS_MESSAGE_LIMIT - overhead - 64 - 1)


def counts_suppressed(line):
    """A log line that says how many records were suppressed: the word and a number, past
    the "modmgrd[PID]: LEVEL: " prefix."""
    message = re.sub(r"^modmgrd\[\d+\]: \w+: ", "", line)
    return "suppressed" in message.lower() and re.search(r"\d", message) is not None


class HugeNames(BusTestCase):
    @unittest.skipIf(SANITIZE, "its size is its point, and under a sanitizer reading it takes "
                     "minutes (see HUGE); the huge path below takes the same way through modmgrd")
    def test_info_of_a_path_at_the_bus_limit_is_refused(self):
        self.assertTypedError(self.bed.info(largest_info_path(), timeout_ms=60000), INVALID)
        self.assertSurvived()

    def test_info_of_a_huge_path_is_refused_before_polkit_is_asked(self):
        # Refused at once, that is before anything else happens. (Not timed: carrying 30 MiB
        # through the bus alone takes about a second on a CI machine.)
        self.assertTypedError(self.bed.info("/" + "a" * HUGE, timeout_ms=60000), INVALID)
        self.assertEqual([(c["action"], len(c["details"].get("module", "")))
                          for c in self.bed.polkit_calls()], [])
        self.assertSurvived()


class LogRecords(BusTestCase):
    def test_a_newline_in_a_name_forges_no_record(self):
        forged = (f"modmgrd[{self.bed.daemon.pid}]: info: sender=:1.1 uid=0 pid=1 "
                  "action=org.modmgr1.load module=rootkit auth=root result=ok (inserted: rootkit)")
        name = "x\n" + forged
        calls = {
            "Load": lambda: self.bed.load(name),
            "Unload": lambda: self.bed.unload(name),
            "Info": lambda: self.bed.info(name),
            "Info of a path": lambda: self.bed.info("/x\n" + forged),
            "SetBlacklisted": lambda: self.bed.set_blacklisted(name, True),
            "SetMasked": lambda: self.bed.set_masked(name, True),
            "GetConfiguration": lambda: self.bed.configuration(name),
            "LoadForDevice": lambda: self.bed.call("LoadForDevice", "(st)", ("pci/" + name, 0)),
        }
        for label, call in calls.items():
            with self.subTest(label):
                self.assertTypedError(call())
        forged_lines = [line for line in self.bed.log_since(0).splitlines()
                        if line.startswith(forged)]
        self.assertEqual(forged_lines, [])
        self.assertSurvived()

    def test_rejected_calls_with_huge_arguments_hardly_grow_the_log(self):
        huge = "a" * HUGE
        before = self.bed.log_size()
        calls = {
            "Load": lambda: self.bed.load(huge, timeout_ms=60000),
            "Unload": lambda: self.bed.unload(huge, timeout_ms=60000),
            "SetBlacklisted": lambda: self.bed.set_blacklisted(huge, True, timeout_ms=60000),
            "SetMasked": lambda: self.bed.set_masked(huge, True, timeout_ms=60000),
            "SetOptions": lambda: self.bed.set_options("dummy", ["numdummies=" + huge],
                                                       timeout_ms=60000),
            "Info of a path": lambda: self.bed.info("/" + huge, timeout_ms=60000),
            "LoadForDevice": lambda: self.bed.call("LoadForDevice", "(st)", ("pci/" + huge, 0),
                                                   timeout_ms=60000),
        }
        for label, call in calls.items():
            with self.subTest(label):
                self.assertTypedError(call(), INVALID)
        self.assertLess(self.bed.log_size() - before, 64 * KiB)
        self.assertSurvived()

    def test_a_thousand_denials_from_one_sender_are_summarized(self):
        self.bed.polkit("org.modmgr1.load", "no")
        before = self.bed.log_size()
        outcomes = self.bed.attacker(NOBODY, "flood", method="Load", signature="(sast)",
                                     args=("dummy", [], 0), calls=1000, window=8).result()
        self.assertOutcomes(outcomes, (ACCESS_DENIED, LIMITS_EXCEEDED))
        self.assertIn(ACCESS_DENIED, outcomes)
        self.assertLess(self.bed.log_size() - before, 64 * KiB)
        records = [line for line in self.bed.log_since(before).splitlines()
                   if "result=denied" in line]
        self.assertTrue(records, "no denial recorded at all")
        for field in ("uid=65534", "action=org.modmgr1.load", "module=dummy"):
            self.assertIn(field, records[0])
        # The summary may wait for the end of the rate limiter's interval.
        deadline = time.monotonic() + 15
        while not any(counts_suppressed(line) for line in self.bed.log_since(before).splitlines()):
            self.assertLess(time.monotonic(), deadline, "no line counts the suppressed denials")
            time.sleep(0.2)
        self.assertLess(self.bed.log_size() - before, 64 * KiB)
        self.assertSurvived()


if __name__ == "__main__":
    unittest.main()
