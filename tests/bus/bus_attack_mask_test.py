"""Attacks on SetMasked: names meant to write a line of their own into modmgrd's modprobe.d
file (which root's modprobe runs install commands from), flags it does not take, names that
are no module, and a flood of masks and unmasks from one user. Nothing is written that was
not asked, every refusal is typed, and others are served promptly throughout."""
import unittest

from bus_fixture import ERRORS, NOBODY, OTHER_USER, BusTestCase

INVALID = ERRORS["InvalidArgument"]
INVALID_ARGS = ERRORS["InvalidArgs"]
LIMITS_EXCEEDED = ERRORS["LimitsExceeded"]
OWNED = "etc/modprobe.d/zz-modmgr.conf"

HOSTILE_NAMES = {
    "newline and a command": "dummy\ninstall dummy /bin/sh -c 'id>/tmp/pwned'",
    "carriage return": "dummy\rinstall x /bin/true",
    "backslash continuation": "dummy\\",
    "blank and a second word": "dummy /bin/true",
    "tab": "dummy\t/bin/true",
    "shell": "$(id)",
    "slash": "../../etc/passwd",
    "glob": "dumm*",
    "option-like": "-r",
    "empty": "",
    "4 KiB": "a" * 4096,
    "unicode": "dümmy",
    "control byte": "dum\x01my",
}


class HostileNames(BusTestCase):
    def test_no_name_writes_a_line_of_its_own(self):
        for label, name in HOSTILE_NAMES.items():
            for masked in (True, False):
                with self.subTest(label, masked=masked):
                    self.assertTypedError(self.bed.set_masked(name, masked), INVALID)
        self.assertIsNone(self.bed.read_config(OWNED))
        # Refused at the boundary: polkit was never asked about such a name.
        self.assertEqual([c for c in self.bed.polkit_calls()
                          if c["details"].get("setting") == "mask"], [])
        self.assertSurvived()

    def test_an_alias_a_pattern_or_a_name_no_module_has_writes_nothing(self):
        for name in ("rtnl-link-dummy", "pci:v00008086d*", "nosuch"):
            with self.subTest(name):
                self.assertTypedError(self.bed.set_masked(name, True),
                                      INVALID, ERRORS["NotFound"])
        self.assertIsNone(self.bed.read_config(OWNED))
        self.assertSurvived()


class Flags(BusTestCase):
    def test_only_dry_run_is_taken(self):
        for flags in (0x2, 0x4, 0x8, 0x10, 0x20, 1 << 63, 0xFFFFFFFFFFFFFFFF):
            with self.subTest(hex(flags)):
                self.assertTypedError(self.bed.set_masked("dummy", True, flags), INVALID_ARGS)
        self.assertIsNone(self.bed.read_config(OWNED))
        self.assertSurvived()


class Flood(BusTestCase):
    def test_a_flood_of_masks_leaves_one_consistent_file_and_others_served(self):
        flooder = self.bed.attacker(NOBODY, "flood", method="SetMasked", signature="(sbt)",
                                    args=("dummy", True, 0), connections=8, calls=60)
        unmasker = self.bed.attacker(NOBODY, "flood", method="SetMasked", signature="(sbt)",
                                     args=("dummy", False, 0), connections=8, calls=60)
        flooder.wait_started()
        self.assertServedPromptly(0, OTHER_USER)
        self.assertOutcomes(flooder.result(), ("ok", LIMITS_EXCEEDED))
        self.assertOutcomes(unmasker.result(), ("ok", LIMITS_EXCEEDED))
        # Whichever came last: masked (both lines) or not (no file), never half of it.
        text = self.bed.read_config(OWNED)
        lines = [line for line in (text or "").splitlines() if not line.startswith("#")]
        self.assertIn(lines, ([], ["blacklist dummy", "install dummy /bin/false"]))
        self.assertSurvived()


if __name__ == "__main__":
    unittest.main()
