"""Masks end to end, against the real modmgrd with the simulated kernel and a scratch
configuration root: SetMasked writes a blacklist and a failing install line into modmgrd's
own file; Load (by name, alias, as a dependency) and LoadFile of a masked module fail with
Masked naming the file:line whatever the flags; an administrator's own install line is a
mask modmgrd does not manage; signals; and modctl mask/unmask (--now, the warning, exit 14)."""
import glob
import os
import time
import unittest

from gi.repository import GLib

from bus_fixture import (BUS_NAME, DRY_RUN, ERRORS, IGNORE_BLACKLIST, IGNORE_INSTALL_COMMANDS,
                         MANAGER, MANAGER_PATH, BusTestCase, modules_dir)

MASKED = ERRORS["Masked"]
OVERRIDDEN = ERRORS["Overridden"]
OWNED = "etc/modprobe.d/zz-modmgr.conf"
EXIT_OVERRIDDEN, EXIT_MASKED = 11, 14


def loaded_module(name):
    return {"name": name, "size": 16384, "users": 0, "depends": [], "parameters": {}, "state": "live"}


def module_file(name):
    return glob.glob(os.path.join(modules_dir(), "kernel/**", name + ".ko"), recursive=True)[0]


def config_lines(text):
    return [line for line in (text or "").splitlines() if line and not line.startswith("#")]


class MaskTestCase(BusTestCase):
    def owned_place(self, text):
        lines = self.bed.read_config(OWNED).splitlines()
        return f"{self.bed.config_path(OWNED)}:{lines.index(text) + 1}"


class SetMasked(MaskTestCase):
    def test_a_mask_is_a_blacklist_and_a_failing_install_line_and_unmask_removes_both(self):
        self.assertEqual(self.assertOk(self.bed.set_masked("udp-tunnel", True)), (True,))
        self.assertEqual(self.assertOk(self.bed.set_masked("udp_tunnel", True)), (False,))
        self.assertEqual(config_lines(self.bed.read_config(OWNED)),
                         ["blacklist udp_tunnel", "install udp_tunnel /bin/false"])
        configuration = self.assertOk(self.bed.configuration("udp_tunnel"))[0]
        self.assertTrue(configuration["masked"])
        self.assertTrue(configuration["blacklisted"])
        mask = ("mask", self.bed.config_path(OWNED), 5, "install udp_tunnel /bin/false", True)
        self.assertIn(mask, configuration["config_sources"])
        entries = self.assertOk(self.bed.call("ListConfiguration"))[0]
        self.assertIn(("udp_tunnel",) + mask, entries)

        self.assertEqual(self.assertOk(self.bed.set_masked("udp_tunnel", False)), (True,))
        self.assertIsNone(self.bed.read_config(OWNED))
        self.assertOk(self.bed.load("vxlan"))

    def test_every_load_path_is_refused_naming_the_line_before_anything_is_inserted(self):
        self.assertOk(self.bed.set_masked("dummy", True))
        self.assertOk(self.bed.set_masked("udp_tunnel", True))
        dummy = self.owned_place("install dummy /bin/false")
        udp_tunnel = self.owned_place("install udp_tunnel /bin/false")
        for flags in (0, DRY_RUN, IGNORE_BLACKLIST, IGNORE_INSTALL_COMMANDS,
                      IGNORE_BLACKLIST | IGNORE_INSTALL_COMMANDS):
            with self.subTest(flags=hex(flags)):
                self.assertError(self.bed.load("dummy", flags=flags), MASKED,
                                 f"dummy is masked by {dummy}")
                self.assertError(self.bed.load("rtnl-link-dummy", flags=flags), MASKED,
                                 f"dummy is masked by {dummy}")
                self.assertError(self.bed.load("vxlan", flags=flags), MASKED,
                                 f"cannot load vxlan: udp_tunnel is masked by {udp_tunnel}")
        for flags in (0, DRY_RUN):
            self.assertError(self.bed.call("LoadFile", "(hast)", (0, [], flags),
                                           fd_path=module_file("dummy")), MASKED, dummy)
        self.assertEqual(self.bed.loaded(), [])
        # A masked target is refused before polkit is asked (a dependency once the plan is
        # made, after it).
        self.assertEqual({c["details"]["module"] for c in self.bed.polkit_calls()
                          if c["action"] == "org.modmgr1.load"}, {"vxlan"})

    def test_an_administrators_install_line_is_a_mask_modmgrd_cannot_lift(self):
        cis = self.bed.write_config("etc/modprobe.d/cis.conf", "install dummy /bin/true\n")
        configuration = self.assertOk(self.bed.configuration("dummy"))[0]
        self.assertTrue(configuration["masked"])
        self.assertFalse(configuration["blacklisted"])
        self.assertEqual(configuration["config_sources"],
                         [("mask", cis, 1, "install dummy /bin/true", False)])
        self.assertError(self.bed.load("dummy"), MASKED, f"{cis}:1")
        self.assertError(self.bed.set_masked("dummy", False), OVERRIDDEN,
                         f"dummy stays masked by {cis}:1 (not managed by modmgrd)")
        self.assertIsNone(self.bed.read_config(OWNED))
        # Any other install command is no mask.
        self.bed.write_config("etc/modprobe.d/cis.conf", "install dummy /bin/true --now\n")
        self.assertFalse(self.assertOk(self.bed.configuration("dummy"))[0]["masked"])

    def test_a_mask_goes_before_its_blacklist_or_a_load_at_boot(self):
        self.assertOk(self.bed.set_masked("dummy", True))
        self.assertError(self.bed.set_blacklisted("dummy", False), MASKED, "unmask it first")
        self.assertError(self.bed.set_load_at_boot("dummy", True), MASKED, "unmask it first")
        self.assertEqual(len(config_lines(self.bed.read_config(OWNED))), 2)

    def test_names_that_are_no_module_are_refused_like_blacklist(self):
        self.assertError(self.bed.set_masked("nosuch", True), ERRORS["NotFound"])
        self.assertError(self.bed.set_masked("rtnl-link-dummy", True), ERRORS["InvalidArgument"])
        self.assertEqual(self.assertOk(self.bed.set_masked("nosuch", False)), (False,))
        self.assertEqual(self.assertOk(self.bed.set_masked("dummy", True, DRY_RUN)), (True,))
        self.assertIsNone(self.bed.read_config(OWNED))

    def test_polkit_is_asked_for_configure_with_setting_mask(self):
        self.assertOk(self.bed.set_masked("ip6-udp-tunnel", True))
        (check,) = [c for c in self.bed.polkit_calls() if c["action"] == "org.modmgr1.configure"]
        self.assertEqual((check["details"]["module"], check["details"]["setting"],
                          check["details"]["value"]), ("ip6_udp_tunnel", "mask", "true"))
        self.bed.polkit("org.modmgr1.configure", "no")
        self.assertError(self.bed.set_masked("dummy", True), ERRORS["AccessDenied"])


class Signals(MaskTestCase):
    def test_masking_and_unmasking_announce_the_setting_and_the_caller(self):
        received = []
        for member in ("ConfigChanged", "ConfigSettingChanged"):
            subscription = self.bed.conn.signal_subscribe(
                BUS_NAME, MANAGER, member, MANAGER_PATH, None, 0,
                lambda _c, _s, _p, _i, name, args: received.append((name, *args.unpack())))
            self.addCleanup(self.bed.conn.signal_unsubscribe, subscription)

        def wait_for(count, timeout=3.0):
            context = GLib.MainContext.default()
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and len(received) < count:
                context.iteration(False)
                time.sleep(0.01)
            got = list(received)
            received.clear()
            return got

        self.assertOk(self.bed.set_masked("dummy", True))
        self.assertEqual(wait_for(2), [
            ("ConfigChanged", "dummy"),
            ("ConfigSettingChanged", "dummy", "mask", "true", "org.modmgr1.configure", 65534)])
        self.assertOk(self.bed.set_masked("dummy", False, uid=0))
        self.assertEqual(wait_for(2), [
            ("ConfigChanged", "dummy"),
            ("ConfigSettingChanged", "dummy", "mask", "false", "org.modmgr1.configure", 0)])
        self.assertOk(self.bed.set_masked("dummy", False))
        self.assertEqual(wait_for(1, timeout=0.5), [])


class ALoadedModule(MaskTestCase):
    bed_options = {"kernel_state": {"modules": [loaded_module("dummy")]}}

    def test_is_reported_masked_and_stays_loaded_and_modctl_warns(self):
        done = self.bed.modctl("mask", "dummy")
        self.assertEqual((done.returncode, done.stdout), (0, "masked dummy\n"), done.stderr)
        self.assertEqual(done.stderr, "modctl: warning: dummy is loaded now and stays loaded: the "
                                      "mask keeps it from loading again (modctl unload dummy, or "
                                      "modctl mask --now dummy)\n")
        self.assertEqual(self.bed.loaded(), ["dummy"])
        info = self.assertOk(self.bed.info("dummy"))[0]
        self.assertTrue(info["masked"] and info["loaded"])
        self.assertIn("masked:         yes\n", self.bed.modctl("info", "dummy").stdout)
        self.assertError(self.bed.load("dummy"), MASKED)

    def test_mask_now_unloads_after_masking(self):
        done = self.bed.modctl("mask", "--now", "dummy")
        self.assertEqual((done.returncode, done.stdout, done.stderr),
                         (0, "masked dummy\nremoved dummy\n", ""))
        self.assertEqual(self.bed.loaded(), [])
        self.assertEqual(config_lines(self.bed.read_config(OWNED)),
                         ["blacklist dummy", "install dummy /bin/false"])
        done = self.bed.modctl("--json", "mask", "--now", "dummy")
        self.assertEqual(done.stdout, '{"changed":false,"dry_run":false,"name":"dummy","removed":[]}\n')


class Modctl(MaskTestCase):
    def test_mask_load_unmask_and_their_exit_statuses(self):
        self.assertEqual(self.bed.modctl("mask", "udp_tunnel").stdout, "masked udp_tunnel\n")
        self.assertEqual(self.bed.modctl("mask", "udp_tunnel").stdout, "udp_tunnel was already masked\n")
        done = self.bed.modctl("load", "vxlan")
        self.assertEqual(done.returncode, EXIT_MASKED, done.stderr)
        self.assertEqual(done.stderr, "modctl: cannot load vxlan: udp_tunnel is masked by "
                                      f"{self.owned_place('install udp_tunnel /bin/false')}\n")
        config = self.bed.modctl("config", "udp_tunnel").stdout
        self.assertIn("  masked:        yes\n", config)
        self.assertIn("mask       " + self.owned_place("install udp_tunnel /bin/false"), config)
        overview = self.bed.modctl("config", "--no-legend").stdout
        self.assertIn("install udp_tunnel /bin/false", overview)
        self.assertEqual(self.bed.modctl("unblacklist", "udp_tunnel").returncode, EXIT_MASKED)
        self.assertEqual(self.bed.modctl("unmask", "udp_tunnel").stdout, "unmasked udp_tunnel\n")
        self.assertEqual(self.bed.modctl("unmask", "udp_tunnel").stdout, "udp_tunnel was not masked\n")
        self.assertEqual(self.bed.modctl("load", "vxlan", uid=0).returncode, 0)

    def test_unmask_of_an_administrators_mask_exits_overridden(self):
        cis = self.bed.write_config("etc/modprobe.d/cis.conf", "install dummy false\n")
        done = self.bed.modctl("unmask", "dummy")
        self.assertEqual(done.returncode, EXIT_OVERRIDDEN, done.stderr)
        self.assertIn(f"{cis}:1", done.stderr)


if __name__ == "__main__":
    unittest.main()
