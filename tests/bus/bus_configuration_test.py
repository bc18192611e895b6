"""Persistent configuration through the bus: SetBlacklisted, SetOptions, SetLoadAtBoot,
GetConfiguration and ConfigChanged, against the real modmgrd whose configuration root
(--root) is a scratch directory holding etc/modprobe.d, etc/modules-load.d and
proc/cmdline. Callers are `nobody`, authorized by the fake polkit authority."""
import threading
import time
import unittest

from gi.repository import GLib

from bus_fixture import ERRORS, BUS_NAME, DRY_RUN, MANAGER, MANAGER_PATH, BusTestCase

INVALID_ARGS = ERRORS["InvalidArgs"]
OWNED_MODPROBE = "etc/modprobe.d/zz-modmgr.conf"
OWNED_MODULES_LOAD = "etc/modules-load.d/zz-modmgr.conf"


def config_lines(text):
    """The lines of a configuration file that are not comments or blank."""
    return [line for line in (text or "").splitlines() if line.strip() and not line.startswith("#")]


class Configure(BusTestCase):
    def owned(self, relative=OWNED_MODPROBE):
        return self.bed.config_path(relative)

    def line_of(self, relative, text):
        lines = self.bed.read_config(relative).splitlines()
        return lines.index(text) + 1

    def test_blacklist_goes_to_modmgrs_own_file_once(self):
        self.assertEqual(self.assertOk(self.bed.set_blacklisted("dummy", True)), (True,))
        self.assertEqual(self.assertOk(self.bed.set_blacklisted("dummy", True)), (False,))
        text = self.bed.read_config(OWNED_MODPROBE)
        self.assertIn("modmgrd", text.splitlines()[0], "the file must say who manages it")
        self.assertEqual(config_lines(text), ["blacklist dummy"])
        # Nothing else was written anywhere in the configuration root.
        self.assertIsNone(self.bed.read_config(OWNED_MODULES_LOAD))

    def test_a_blacklisted_module_is_refused_naming_modmgrs_line(self):
        self.assertOk(self.bed.set_blacklisted("dummy", True))
        line = self.line_of(OWNED_MODPROBE, "blacklist dummy")
        self.assertError(self.bed.load("dummy"), ERRORS["Blacklisted"], f"{self.owned()}:{line}")
        configuration = self.assertOk(self.bed.configuration("dummy"))[0]
        self.assertTrue(configuration["blacklisted"])
        self.assertIn(("blacklist", self.owned(), line, "blacklist dummy", True), configuration["config_sources"])

    def test_unblacklist_removes_the_line_and_the_file_it_emptied(self):
        self.assertOk(self.bed.set_blacklisted("dummy", True))
        self.assertOk(self.bed.set_blacklisted("e1000e", True))
        self.assertEqual(self.assertOk(self.bed.set_blacklisted("dummy", False)), (True,))
        self.assertEqual(config_lines(self.bed.read_config(OWNED_MODPROBE)), ["blacklist e1000e"])
        self.assertOk(self.bed.load("dummy"))
        self.assertOk(self.bed.set_blacklisted("e1000e", False))
        self.assertIsNone(self.bed.read_config(OWNED_MODPROBE))
        self.assertEqual(self.assertOk(self.bed.set_blacklisted("e1000e", False)), (False,))

    def test_options_are_replaced_used_by_load_and_cleared(self):
        self.assertOk(self.bed.set_options("dummy", ["numdummies=3"]))
        self.assertOk(self.bed.set_options("dummy", ["numdummies=2"]))
        self.assertEqual(config_lines(self.bed.read_config(OWNED_MODPROBE)), ["options dummy numdummies=2"])
        self.assertEqual(self.assertOk(self.bed.configuration("dummy"))[0]["options"], ["numdummies=2"])
        self.assertOk(self.bed.load("dummy"))
        dummy = self.bed.kernel_state()["modules"][0]
        self.assertEqual(dummy["parameters"], {"numdummies": "2"})
        self.assertEqual(self.assertOk(self.bed.set_options("dummy", [])), (True,))
        self.assertIsNone(self.bed.read_config(OWNED_MODPROBE))

    def test_load_at_boot_goes_to_modules_load_d_and_shows_in_info(self):
        self.assertEqual(self.assertOk(self.bed.set_load_at_boot("dummy", True)), (True,))
        self.assertEqual(config_lines(self.bed.read_config(OWNED_MODULES_LOAD)), ["dummy"])
        info = self.assertOk(self.bed.info("dummy"))[0]
        self.assertTrue(info["load_at_boot"])
        self.assertIn(("load", self.owned(OWNED_MODULES_LOAD), self.line_of(OWNED_MODULES_LOAD, "dummy"),
                       "dummy", True), info["config_sources"])
        self.assertOk(self.bed.set_load_at_boot("dummy", False))
        self.assertIsNone(self.bed.read_config(OWNED_MODULES_LOAD))
        self.assertFalse(self.assertOk(self.bed.info("dummy"))[0]["load_at_boot"])

    def test_dry_run_answers_and_writes_nothing(self):
        self.assertEqual(self.assertOk(self.bed.set_blacklisted("dummy", True, DRY_RUN)), (True,))
        self.assertEqual(self.assertOk(self.bed.set_options("dummy", ["numdummies=2"], DRY_RUN)), (True,))
        self.assertEqual(self.assertOk(self.bed.set_load_at_boot("dummy", True, DRY_RUN)), (True,))
        self.assertIsNone(self.bed.read_config(OWNED_MODPROBE))
        self.assertIsNone(self.bed.read_config(OWNED_MODULES_LOAD))

    def test_setting_needs_a_loadable_module_clearing_does_not(self):
        self.assertError(self.bed.set_blacklisted("no_such_module_here", True), ERRORS["NotFound"])
        self.assertError(self.bed.set_load_at_boot("zswap", True), ERRORS["Builtin"])
        self.assertError(self.bed.set_options("zswap", ["enabled=1"]), ERRORS["Builtin"])
        # An alias is not a module name: blacklisting it would not blacklist anything.
        self.assertError(self.bed.set_blacklisted("fs-cifs", True), ERRORS["InvalidArgument"], "alias")
        # Configuration left behind for a module this kernel lacks can still be removed.
        self.assertEqual(self.assertOk(self.bed.set_blacklisted("no_such_module_here", False)), (False,))
        self.assertIsNone(self.bed.read_config(OWNED_MODPROBE))

    def test_hostile_input_is_refused_and_changes_nothing(self):
        for name in ["dum\nmy", "../dummy", "dummy blacklist", "", "pci:v*", "dummy#"]:
            self.assertError(self.bed.set_blacklisted(name, True), ERRORS["InvalidArgument"])
            self.assertError(self.bed.set_load_at_boot(name, True), ERRORS["InvalidArgument"])
        for params in (["numdummies=1\nblacklist e1000e"], ['numdummies="1"'], ["=1"],
                       ["numdummies=1\rinstall e1000e /bin/sh"]):
            self.assertError(self.bed.set_options("dummy", params), ERRORS["InvalidArgument"])
        self.assertError(self.bed.set_blacklisted("dummy", True, 0x2), INVALID_ARGS)
        self.assertIsNone(self.bed.read_config(OWNED_MODPROBE))
        self.assertIsNone(self.bed.read_config(OWNED_MODULES_LOAD))
        self.assertDaemonAlive()

    def test_a_value_the_declared_type_does_not_take_is_refused_and_not_written(self):
        self.assertError(self.bed.set_options("dummy", ["numdummies=a b"]), ERRORS["InvalidArgument"],
                         "numdummies is an int: 'a b' is not one")
        done = self.bed.modctl("options", "dummy", "numdummies=a b", uid=0)
        self.assertEqual(done.returncode, 2, done.stderr)
        self.assertIn("numdummies is an int", done.stderr)
        self.assertIsNone(self.bed.read_config(OWNED_MODPROBE))
        self.assertTrue(self.assertOk(self.bed.set_options("dummy", ["numdummies=0x2"]))[0])

    def test_values_that_look_like_syntax_stay_inside_their_line(self):
        # '#' is no comment inside a line; a trailing backslash must not join the next line.
        self.assertOk(self.bed.set_options("dummy", ["numdummies=2", "dyndbg=+p #x \\"]))
        self.assertOk(self.bed.set_blacklisted("e1000e", True))
        lines = config_lines(self.bed.read_config(OWNED_MODPROBE))
        self.assertEqual(len(lines), 2, lines)
        self.assertFalse(any(line.endswith("\\") for line in lines), lines)
        self.assertTrue(self.assertOk(self.bed.configuration("e1000e"))[0]["blacklisted"])
        self.assertEqual(len(self.assertOk(self.bed.configuration("dummy"))[0]["options"]), 2)


class Overrides(BusTestCase):
    """An administrator's files and the kernel command line win; modmgrd says so, by file and
    line, and changes nothing."""
    bed_options = {
        "modprobe_d": {"local.conf": "# the administrator's\nblacklist dummy\n",
                       "zzz-late.conf": "options e1000e TxIntDelay=5\n"},
        "modules_load_d": {"local.conf": "# mine\nvxlan\n"},
        "cmdline": "quiet modprobe.blacklist=fuse,cifs root=/dev/sda1",
    }

    def assertUnchanged(self, before):
        self.assertEqual(self.bed.read_config(OWNED_MODPROBE), before[0])
        self.assertEqual(self.bed.read_config(OWNED_MODULES_LOAD), before[1])

    def snapshot(self):
        return (self.bed.read_config(OWNED_MODPROBE), self.bed.read_config(OWNED_MODULES_LOAD))

    def test_unblacklisting_what_an_administrator_blacklists_names_their_line(self):
        self.assertOk(self.bed.set_blacklisted("dummy", True))
        before = self.snapshot()
        self.assertError(self.bed.set_blacklisted("dummy", False), ERRORS["Overridden"],
                         self.bed.config_path("etc/modprobe.d/local.conf") + ":2")
        self.assertUnchanged(before)
        self.assertIn("blacklist dummy", before[0])

    def test_the_kernel_command_line_is_named_too(self):
        self.assertError(self.bed.set_blacklisted("fuse", False), ERRORS["Overridden"], "modprobe.blacklist=fuse,cifs")

    def test_disabling_what_an_administrator_loads_at_boot_names_their_line(self):
        self.assertError(self.bed.set_load_at_boot("vxlan", False), ERRORS["Overridden"],
                         self.bed.config_path("etc/modules-load.d/local.conf") + ":2")

    def test_options_a_later_file_sets_again_are_refused(self):
        before = self.snapshot()
        self.assertError(self.bed.set_options("e1000e", ["TxIntDelay=1"]), ERRORS["Overridden"],
                         self.bed.config_path("etc/modprobe.d/zzz-late.conf") + ":1")
        self.assertUnchanged(before)
        # Another key is fine: the later file does not set it.
        self.assertOk(self.bed.set_options("e1000e", ["RxIntDelay=1"]))
        self.assertEqual(self.assertOk(self.bed.configuration("e1000e"))[0]["options"],
                         ["RxIntDelay=1", "TxIntDelay=5"])
        # Clearing takes back modmgrd's line; the other file's options are not in its way.
        self.assertEqual(self.assertOk(self.bed.set_options("e1000e", [])), (True,))
        self.assertEqual(self.assertOk(self.bed.configuration("e1000e"))[0]["options"], ["TxIntDelay=5"])

    def test_enabling_a_blacklisted_module_is_refused(self):
        before = self.snapshot()
        self.assertError(self.bed.set_load_at_boot("dummy", True), ERRORS["Blacklisted"],
                         self.bed.config_path("etc/modprobe.d/local.conf") + ":2")
        self.assertUnchanged(before)

    def test_sources_name_every_file_and_the_command_line(self):
        sources = self.assertOk(self.bed.configuration("dummy"))[0]["config_sources"]
        self.assertEqual(sources, [("blacklist", self.bed.config_path("etc/modprobe.d/local.conf"), 2,
                                    "blacklist dummy", False)])
        fuse = self.assertOk(self.bed.configuration("fuse"))[0]
        self.assertTrue(fuse["blacklisted"])
        self.assertEqual([(s[0], s[2], s[3]) for s in fuse["config_sources"]],
                         [("blacklist", 0, "modprobe.blacklist=fuse,cifs")])

    def test_a_line_modmgrd_did_not_write_in_its_own_file_is_never_overwritten(self):
        foreign = "# Managed by modmgrd\ninstall dummy /bin/true\n"
        self.bed.write_config(OWNED_MODPROBE, foreign)
        self.assertError(self.bed.set_blacklisted("e1000e", True), ERRORS["Failed"], self.owned_line(2))
        self.assertEqual(self.bed.read_config(OWNED_MODPROBE), foreign)

    def owned_line(self, line):
        return f"{self.bed.config_path(OWNED_MODPROBE)}:{line}"


class Signals(BusTestCase):
    def setUp(self):
        super().setUp()
        self.received = []
        self.subscription = self.bed.conn.signal_subscribe(
            BUS_NAME, MANAGER, "ConfigChanged", MANAGER_PATH, None, 0,
            lambda *args: self.received.append(args[5].unpack()[0]))
        self.addCleanup(self.bed.conn.signal_unsubscribe, self.subscription)

    def wait_for(self, expected, timeout=3.0, settle=0.5):
        """Dispatches signals until `expected` arrived (then `settle` more seconds, to catch
        duplicates) or `timeout` passed; returns what arrived."""
        context = GLib.MainContext.default()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and sorted(self.received) != sorted(expected):
            context.iteration(False)
            time.sleep(0.01)
        settle_until = time.monotonic() + settle
        while time.monotonic() < settle_until:
            context.iteration(False)
            time.sleep(0.01)
        received, self.received = self.received, []
        return received

    def test_own_changes_are_announced_once(self):
        self.assertOk(self.bed.set_blacklisted("dummy", True))
        self.assertOk(self.bed.set_options("e1000e", ["TxIntDelay=1"]))
        self.assertOk(self.bed.set_load_at_boot("vxlan", True))
        self.assertEqual(sorted(self.wait_for(["dummy", "e1000e", "vxlan"])), ["dummy", "e1000e", "vxlan"])
        # No change, no signal; a dry run changes nothing either.
        self.assertOk(self.bed.set_blacklisted("dummy", True))
        self.assertOk(self.bed.set_blacklisted("e1000e", True, DRY_RUN))
        self.assertEqual(self.wait_for([], timeout=0), [])

    def test_hand_edits_are_announced_for_the_modules_they_concern(self):
        self.bed.write_config("etc/modprobe.d/local.conf", "blacklist dummy\noptions e1000e TxIntDelay=1\n")
        self.assertEqual(sorted(self.wait_for(["dummy", "e1000e"])), ["dummy", "e1000e"])
        self.bed.write_config("etc/modules-load.d/local.conf", "vxlan\n")
        self.assertEqual(self.wait_for(["vxlan"]), ["vxlan"])
        # A new directory of the search path counts as well.
        self.bed.write_config("run/modprobe.d/runtime.conf", "alias my-net dummy\n")
        self.assertEqual(self.wait_for(["dummy"]), ["dummy"])
        self.assertIn("alias my-net dummy",
                      [s[3] for s in self.assertOk(self.bed.configuration("dummy"))[0]["config_sources"]])


class SettingSignals(BusTestCase):
    """ConfigSettingChanged: what changed and who changed it, right after ConfigChanged."""

    def setUp(self):
        super().setUp()
        self.received = []
        for member in ("ConfigChanged", "ConfigSettingChanged"):
            subscription = self.bed.conn.signal_subscribe(
                BUS_NAME, MANAGER, member, MANAGER_PATH, None, 0,
                lambda _c, _s, _p, _i, name, args: self.received.append((name, *args.unpack())))
            self.addCleanup(self.bed.conn.signal_unsubscribe, subscription)

    def wait_for(self, count, timeout=3.0):
        context = GLib.MainContext.default()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.received) < count:
            context.iteration(False)
            time.sleep(0.01)
        received, self.received = self.received, []
        return received

    def test_a_set_call_names_its_setting_value_and_caller(self):
        self.assertOk(self.bed.set_options("e1000e", ["TxIntDelay=1,2", "debug=3"]))
        self.assertEqual(self.wait_for(2), [
            ("ConfigChanged", "e1000e"),
            ("ConfigSettingChanged", "e1000e", "options", "TxIntDelay=1,2 debug=3",
             "org.modmgr1.configure", 65534)])
        self.assertOk(self.bed.set_blacklisted("ip6-udp-tunnel", True, uid=0))
        self.assertEqual(self.wait_for(2)[1], ("ConfigSettingChanged", "ip6_udp_tunnel",
                                               "blacklist", "true", "org.modmgr1.configure", 0))
        self.assertOk(self.bed.set_load_at_boot("vxlan", False))  # nothing to change
        self.assertOk(self.bed.set_load_at_boot("vxlan", True, DRY_RUN))
        self.assertEqual(self.wait_for(1, timeout=0.5), [])

    def test_lines_a_call_moved_name_its_caller_alone(self):
        self.assertOk(self.bed.set_options("e1000e", ["debug=3"]))
        self.wait_for(2)
        # dummy's blacklist line goes before e1000e's options line in modmgrd's file.
        self.assertOk(self.bed.set_blacklisted("dummy", True))
        self.assertEqual(self.wait_for(4), [
            ("ConfigChanged", "dummy"),
            ("ConfigSettingChanged", "dummy", "blacklist", "true", "org.modmgr1.configure", 65534),
            ("ConfigChanged", "e1000e"),
            ("ConfigSettingChanged", "e1000e", "", "", "org.modmgr1.configure", 65534)])

    def test_a_hand_edit_names_nobody(self):
        self.bed.write_config("etc/modprobe.d/local.conf", "blacklist dummy\n")
        self.assertEqual(self.wait_for(2), [("ConfigChanged", "dummy"),
                                            ("ConfigSettingChanged", "dummy", "", "", "", -1)])


class Authorization(BusTestCase):
    def test_changes_ask_polkit_for_configure_with_details(self):
        self.bed.polkit("org.modmgr1.configure", "no")
        self.assertError(self.bed.set_blacklisted("dummy", True), ERRORS["AccessDenied"])
        self.assertError(self.bed.set_options("dummy", ["numdummies=2"]), ERRORS["AccessDenied"])
        self.assertIsNone(self.bed.read_config(OWNED_MODPROBE))
        checks = [c for c in self.bed.polkit_calls() if c["action"] == "org.modmgr1.configure"]
        self.assertEqual([(c["details"]["module"], c["details"]["setting"], c["details"]["value"]) for c in checks],
                         [("dummy", "blacklist", "true"), ("dummy", "options", "numdummies=2")])
        # Reading the configuration is inspection.
        self.assertOk(self.bed.configuration("dummy"))
        self.assertEqual(self.bed.polkit_calls()[-1]["action"], "org.modmgr1.inspect")

    def test_concurrent_changes_all_land(self):
        modules = ["dummy", "e1000e", "vxlan", "cifs", "fuse", "bonding", "veth", "tun", "macvlan", "ipvlan"]
        results = {}

        def change(module):
            results[module] = self.bed.set_options(module, ["dyndbg=+p"])

        threads = [threading.Thread(target=change, args=(m,)) for m in modules]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for module in modules:
            self.assertOk(results[module])
        self.assertEqual(sorted(config_lines(self.bed.read_config(OWNED_MODPROBE))),
                         sorted(f"options {m} dyndbg=+p" for m in modules))


if __name__ == "__main__":
    unittest.main()
