"""modctl's configuration commands end to end, as the unprivileged user `nobody`, against the
real daemon on the private bus with a scratch configuration root: blacklist, unblacklist,
options, enable and disable (with --now), config, and what info and monitor show of them."""
import json
import os
import re
import unittest

from bus_fixture import NOBODY, BusTestCase
from modctl_sessions import READY, ModctlSessions, Monitor

EXIT_USAGE, EXIT_DENIED, EXIT_NOT_FOUND, EXIT_IN_USE = 2, 3, 4, 5
EXIT_BLACKLISTED, EXIT_BUILTIN, EXIT_OVERRIDDEN = 6, 10, 11
MODPROBE_FILE = "etc/modprobe.d/zz-modmgr.conf"
MODULES_LOAD_FILE = "etc/modules-load.d/zz-modmgr.conf"
CONFIGURE = "org.modmgr1.configure"


def config_lines_numbered(path):
    """The 1-based number of each line of the file at `path`, by its text."""
    with open(path) as f:
        return {line.rstrip("\n"): number for number, line in enumerate(f, 1)}


def config_lines(text):
    """The lines of an owned file without its header comment; [] for no file."""
    return [line for line in (text or "").splitlines() if line and not line.startswith("#")]


class ConfigTestCase(BusTestCase):
    def owned_lines(self):
        return (config_lines(self.bed.read_config(MODPROBE_FILE)),
                config_lines(self.bed.read_config(MODULES_LOAD_FILE)))

    def assertExit(self, done, code):
        self.assertEqual(done.returncode, code, done.stdout + done.stderr)
        if code != 0:
            self.assertEqual(done.stdout, "")
            self.assertEqual(len(done.stderr.strip().splitlines()), 1, done.stderr)
            self.assertTrue(done.stderr.startswith("modctl: "), done.stderr)

    def run_ok(self, *args):
        done = self.bed.modctl(*args)
        self.assertExit(done, 0)
        return done.stdout


class Changes(ConfigTestCase):
    def test_blacklist_and_unblacklist(self):
        self.assertEqual(self.run_ok("blacklist", "dummy"), "blacklisted dummy\n")
        self.assertEqual(self.owned_lines(), (["blacklist dummy"], []))
        self.assertEqual(self.run_ok("blacklist", "dummy"), "dummy was already blacklisted\n")
        self.assertEqual(self.run_ok("unblacklist", "dummy"), "unblacklisted dummy\n")
        self.assertEqual(self.owned_lines(), ([], []))
        self.assertEqual(self.run_ok("unblacklist", "dummy"), "dummy was not blacklisted\n")
        calls = [c for c in self.bed.polkit_calls() if c["action"] == CONFIGURE]
        self.assertEqual([(c["details"]["module"], c["details"]["setting"], c["flags"])
                          for c in calls], [("dummy", "blacklist", 0)] * 4)

    def test_options_set_and_clear(self):
        self.assertEqual(self.run_ok("options", "dummy", "numdummies=3"),
                         "set the options of dummy: numdummies=3\n")
        self.assertEqual(self.owned_lines(), (["options dummy numdummies=3"], []))
        self.assertEqual(self.run_ok("options", "dummy", "numdummies=3"),
                         "dummy already had these options\n")
        self.assertEqual(self.run_ok("options", "dummy"), "cleared the options of dummy\n")
        self.assertEqual(self.owned_lines(), ([], []))
        self.assertEqual(self.run_ok("options", "dummy"), "dummy had no options\n")

    def test_enable_now_loads_and_disable_now_unloads(self):
        self.assertEqual(self.run_ok("enable", "dummy", "--now"),
                         "dummy will load at boot\ninserted dummy\n")
        self.assertEqual(self.owned_lines(), ([], ["dummy"]))
        self.assertEqual(self.bed.loaded(), ["dummy"])
        self.assertEqual(self.run_ok("disable", "--now", "dummy"),
                         "dummy will not load at boot\nremoved dummy\n")
        self.assertEqual(self.owned_lines(), ([], []))
        self.assertEqual(self.bed.loaded(), [])
        # Like `systemctl disable --now` of a stopped unit: nothing to unload is no error.
        self.assertEqual(self.run_ok("disable", "--now", "dummy"),
                         "dummy was not set to load at boot\n")

    def test_enable_without_now_loads_nothing(self):
        self.assertEqual(self.run_ok("enable", "vxlan"), "vxlan will load at boot\n")
        self.assertEqual(self.bed.loaded(), [])
        self.assertEqual(self.run_ok("enable", "vxlan"), "vxlan was already set to load at boot\n")

    def test_failed_unload_keeps_its_exit_code(self):
        self.assertEqual(self.bed.modctl("load", "vxlan", uid=0).returncode, 0)
        self.run_ok("enable", "ip6_udp_tunnel")
        done = self.bed.modctl("disable", "ip6_udp_tunnel", "--now")
        self.assertExit(done, EXIT_IN_USE)
        self.assertIn("ip6_udp_tunnel will not load at boot, but unloading it now failed: ",
                      done.stderr)
        self.assertIn("vxlan", done.stderr)
        self.assertEqual(self.owned_lines(), ([], []))

    def test_dry_run_changes_nothing(self):
        for args, said in ((("blacklist", "dummy"), "would blacklist dummy\n"),
                           (("options", "dummy", "numdummies=3"),
                            "would set the options of dummy: numdummies=3\n"),
                           (("enable", "dummy", "--now"),
                            "would make dummy load at boot\nwould insert dummy\n"),
                           (("unblacklist", "dummy"), "dummy was not blacklisted\n"),
                           (("disable", "dummy"), "dummy was not set to load at boot\n")):
            with self.subTest(args=args):
                self.assertEqual(self.run_ok(*args, "--dry-run"), said)
                self.assertIsNone(self.bed.read_config(MODPROBE_FILE))
                self.assertIsNone(self.bed.read_config(MODULES_LOAD_FILE))
                self.assertEqual(self.bed.loaded(), [])
        # The dry runs were authorized like the real calls, with the DRY_RUN flag on the wire.
        configure = [c for c in self.bed.polkit_calls() if c["action"] == CONFIGURE]
        self.assertEqual(len(configure), 5)
        self.assertTrue(all(int(c["details"]["flags"], 16) == 1 for c in configure), configure)

    def test_dry_run_of_a_removal_keeps_the_line(self):
        self.run_ok("blacklist", "dummy")
        self.assertEqual(self.run_ok("unblacklist", "dummy", "--dry-run"),
                         "would unblacklist dummy\n")
        self.assertEqual(self.owned_lines(), (["blacklist dummy"], []))


class Json(ConfigTestCase):
    def json_of(self, *args):
        return json.loads(self.run_ok("--json", *args))

    def test_change_documents(self):
        self.assertEqual(self.json_of("blacklist", "dummy"),
                         {"name": "dummy", "changed": True, "dry_run": False})
        self.assertEqual(self.json_of("blacklist", "dummy"),
                         {"name": "dummy", "changed": False, "dry_run": False})
        self.assertEqual(self.json_of("options", "vxlan", "udp_port=4790", "--dry-run"),
                         {"name": "vxlan", "changed": True, "dry_run": True})

    def test_now_adds_what_it_inserted_or_removed(self):
        self.assertEqual(self.json_of("enable", "vxlan", "--now"),
                         {"name": "vxlan", "changed": True, "dry_run": False,
                          "inserted": ["udp_tunnel", "ip6_udp_tunnel", "vxlan"]})
        self.assertEqual(self.json_of("disable", "vxlan", "--now"),
                         {"name": "vxlan", "changed": True, "dry_run": False,
                          "removed": ["vxlan", "ip6_udp_tunnel", "udp_tunnel"]})

    def test_config_document(self):
        self.run_ok("options", "dummy", "numdummies=3")
        self.run_ok("enable", "dummy")
        document = self.json_of("config", "dummy")
        self.assertEqual({k: v for k, v in document.items() if k != "config_sources"},
                         {"name": "dummy", "blacklisted": False, "masked": False,
                          "options": ["numdummies=3"], "load_at_boot": True})
        self.assertEqual(document["config_sources"], [
            {"kind": "options", "file": self.bed.config_path(MODPROBE_FILE),
             "line": document["config_sources"][0]["line"], "text": "options dummy numdummies=3",
             "managed": True},
            {"kind": "load", "file": self.bed.config_path(MODULES_LOAD_FILE),
             "line": document["config_sources"][1]["line"], "text": "dummy", "managed": True}])
        self.assertGreater(document["config_sources"][0]["line"], 0)


class Refusals(ConfigTestCase):
    bed_options = {"modprobe_d": {"local.conf": "blacklist vxlan\n",
                                  "zzz-local.conf": "# read after modmgrd's\noptions dummy numdummies=2\n"},
                   "modules_load_d": {"net.conf": "# the bridge needs it\nudp_tunnel\n"},
                   "cmdline": "quiet module_blacklist=e1000e"}

    def assertRefused(self, args, code, *mentions):
        done = self.bed.modctl(*args)
        self.assertExit(done, code)
        for text in mentions:
            self.assertIn(text, done.stderr)
        self.assertEqual(self.owned_lines(), ([], []))
        self.assertEqual(self.bed.loaded(), [])
        return done.stderr

    def test_usage_errors_never_reach_the_daemon(self):
        for args in (("blacklist",), ("config", "dummy", "--dry-run"), ("load", "dummy", "--now"),
                     ("blacklist", "dummy", "--now"), ("enable", "./dummy.ko"),
                     ("disable", "dummy", "extra"), ("options", "dummy", "--first-time")):
            with self.subTest(args=args):
                self.assertRefused(args, EXIT_USAGE)
        self.assertEqual(self.bed.polkit_calls(), [])

    def test_an_alias_is_an_invalid_argument(self):
        self.assertRefused(("blacklist", "rtnl-link-dummy"), EXIT_USAGE, "alias")

    def test_not_authorized(self):
        self.bed.polkit(CONFIGURE, "no")
        for args in (("blacklist", "dummy"), ("enable", "dummy", "--now"), ("options", "dummy")):
            with self.subTest(args=args):
                self.assertRefused(args, EXIT_DENIED, "not authorized")
        # Reading the configuration needs no more than inspect.
        self.assertIn("blacklisted:   yes", self.run_ok("config", "vxlan"))

    def test_without_a_terminal_a_challenge_is_a_clear_refusal(self):
        self.bed.polkit(CONFIGURE, "auth")
        self.assertRefused(("unblacklist", "dummy"), EXIT_DENIED, "authentication required")
        flags = [c["flags"] for c in self.bed.polkit_calls() if c["action"] == CONFIGURE]
        self.assertEqual(flags, [0])

    def test_not_found_and_builtin(self):
        self.assertRefused(("enable", "no_such_module_here"), EXIT_NOT_FOUND, "no_such_module_here")
        self.assertRefused(("blacklist", "unix"), EXIT_BUILTIN, "built into the kernel")

    def test_overridden_names_every_file_and_line(self):
        self.assertRefused(("unblacklist", "vxlan"), EXIT_OVERRIDDEN,
                           self.bed.config_path("etc/modprobe.d/local.conf") + ":1")
        self.assertRefused(("options", "dummy", "numdummies=3"), EXIT_OVERRIDDEN,
                           self.bed.config_path("etc/modprobe.d/zzz-local.conf") + ":2")
        self.assertRefused(("disable", "udp_tunnel", "--now"), EXIT_OVERRIDDEN,
                           self.bed.config_path("etc/modules-load.d/net.conf") + ":2")
        self.assertRefused(("unblacklist", "e1000e"), EXIT_OVERRIDDEN, "module_blacklist=e1000e")

    def test_enabling_a_blacklisted_module_loads_nothing(self):
        self.assertRefused(("enable", "vxlan", "--now"), EXIT_BLACKLISTED,
                           self.bed.config_path("etc/modprobe.d/local.conf") + ":1")
        self.assertEqual([c["action"] for c in self.bed.polkit_calls()], [CONFIGURE])

    def test_failed_now_step_says_the_configuration_took_effect(self):
        self.bed.polkit("org.modmgr1.load", "no")
        done = self.bed.modctl("enable", "dummy", "--now")
        self.assertExit(done, EXIT_DENIED)
        self.assertIn("modctl: dummy will load at boot, but loading it now failed: not authorized",
                      done.stderr)
        self.assertEqual(self.owned_lines(), ([], ["dummy"]))
        self.assertEqual(self.bed.loaded(), [])


class Showing(ConfigTestCase):
    bed_options = {"modprobe_d": {"local.conf": "options dummy numdummies=2\n"},
                   "modules_load_d": {"net.conf": "dummy\n"},
                   "cmdline": "quiet modprobe.blacklist=dummy"}

    def test_config_lists_every_source_and_marks_modmgrds(self):
        self.run_ok("options", "dummy", "numdummies=3")
        lines = self.run_ok("config", "dummy").splitlines()
        self.assertEqual(lines[:6], ["dummy", "  blacklisted:   yes", "  masked:        no",
                                     "  options:       numdummies=2 numdummies=3",
                                     "  load at boot:  yes", "  sources:"])
        rows = [re.split(r"\s{2,}", line.strip()) for line in lines[6:]]
        local = self.bed.config_path("etc/modprobe.d/local.conf")
        self.assertEqual(rows, [
            ["options", local + ":1", "options dummy numdummies=2"],
            ["options", self.bed.config_path(MODPROBE_FILE) + ":4", "options dummy numdummies=3",
             "(modmgrd)"],
            ["load", self.bed.config_path("etc/modules-load.d/net.conf") + ":1", "dummy"],
            ["blacklist", self.bed.config_path("proc/cmdline"), "modprobe.blacklist=dummy"]])
        # The columns line up.
        self.assertEqual(len({line.index("/") for line in lines[6:]}), 1, lines)

    def test_config_of_a_module_nothing_concerns(self):
        self.assertEqual(self.run_ok("config", "vxlan"),
                         "vxlan\n  blacklisted:   no\n  masked:        no\n  options:       (none)\n"
                         "  load at boot:  no\n  sources:       (none)\n")

    def test_info_shows_load_at_boot_and_the_sources(self):
        info = json.loads(self.run_ok("info", "dummy", "--json"))
        self.assertIs(info["load_at_boot"], True)
        self.assertEqual([(s["kind"], s["managed"]) for s in info["config_sources"]],
                         [("options", False), ("load", False), ("blacklist", False)])
        text = self.run_ok("info", "dummy").splitlines()
        self.assertIn("load_at_boot:   yes", text)
        config = [line for line in text if line.startswith("config:")]
        self.assertEqual(len(config), 3, text)
        self.assertIn("modprobe.blacklist=dummy", config[2])


class Overview(ConfigTestCase):
    """config without a module: every blacklist, options and load-at-boot line in effect."""
    bed_options = {"modprobe_d": {"local.conf": "blacklist pcspkr\nalias my-net dummy\n"
                                                "options dummy numdummies=2\n"
                                                "blacklist modmgr_gone_module\n"},
                   "modules_load_d": {"net.conf": "vxlan\n"},
                   "cmdline": "quiet module_blacklist=e1000e"}

    def expected_entries(self):
        local = self.bed.config_path("etc/modprobe.d/local.conf")
        owned = self.bed.config_path(MODPROBE_FILE)
        owned_load = self.bed.config_path(MODULES_LOAD_FILE)

        def line_of(path, text):
            return config_lines_numbered(path)[text]
        return [("pcspkr", "blacklist", local, 1, "blacklist pcspkr", False),
                ("dummy", "options", local, 3, "options dummy numdummies=2", False),
                ("modmgr_gone_module", "blacklist", local, 4, "blacklist modmgr_gone_module", False),
                ("dummy", "options", owned, line_of(owned, "options dummy numdummies=3"),
                 "options dummy numdummies=3", True),
                ("vxlan", "load", self.bed.config_path("etc/modules-load.d/net.conf"), 1, "vxlan",
                 False),
                ("dummy", "load", owned_load, line_of(owned_load, "dummy"), "dummy", True),
                ("e1000e", "blacklist", self.bed.config_path("proc/cmdline"), 0,
                 "module_blacklist=e1000e", False)]

    def test_config_alone_lists_every_line_in_effect_like_list_unit_files(self):
        self.run_ok("options", "dummy", "numdummies=3")
        self.run_ok("enable", "dummy")
        lines = self.run_ok("config").splitlines()
        self.assertEqual(re.split(r"\s{2,}", lines[0]), ["MODULE", "KIND", "MANAGED", "SOURCE", "TEXT"])
        self.assertEqual(lines[-2:], ["", "7 entries listed."])
        rows = [re.split(r"\s{2,}", line) for line in lines[1:-2]]
        self.assertEqual(rows, [[name, kind, "yes" if managed else "no",
                                 file + (f":{line}" if line else ""), text]
                                for name, kind, file, line, text, managed in self.expected_entries()])
        # The columns line up.
        self.assertEqual(len({line.index("/") for line in lines[1:-2]}), 1, lines)
        # For scripts: the rows alone.
        self.assertEqual(self.run_ok("config", "--no-legend").splitlines(), lines[1:-2])

    def test_config_alone_as_json(self):
        self.run_ok("options", "dummy", "numdummies=3")
        self.run_ok("enable", "dummy")
        document = json.loads(self.run_ok("config", "--json"))
        self.assertEqual(document, {"truncated": False, "entries": [
            {"name": name, "kind": kind, "file": file, "line": line, "text": text,
             "managed": managed}
            for name, kind, file, line, text, managed in self.expected_entries()]})

    def test_a_name_nothing_knows_is_not_found(self):
        done = self.bed.modctl("config", "nosuch")
        self.assertExit(done, EXIT_NOT_FOUND)
        self.assertIn("no module nosuch", done.stderr)
        self.assertIn("no configuration line names it", done.stderr)

    def test_a_name_left_behind_in_the_configuration_still_shows_its_lines(self):
        self.assertIn("  blacklisted:   yes\n", self.run_ok("config", "modmgr_gone_module"))
        # And its configuration can still be taken back.
        self.assertEqual(self.run_ok("options", "modmgr_gone_module"),
                         "modmgr_gone_module had no options\n")


class Status(ConfigTestCase):
    bed_options = {"kernel_state": {"modules": [{"name": "fuse", "size": 4096, "depends": [],
                                                 "users": 1}],
                                    "tainted": 12288, "sig_enforce": True},
                   "modprobe_d": {"local.conf": "blacklist pcspkr\n"}}

    def property(self, name):
        reply = self.assertOk(self.bed.call("Get", "(ss)", ("org.modmgr1.Manager", name),
                                            interface="org.freedesktop.DBus.Properties"))
        return reply[0]

    def fields(self, text):
        return dict(line.strip().split(": ", 1) for line in text.splitlines())

    def test_status_shows_the_kernel_and_what_modmgrds_files_configure(self):
        self.run_ok("blacklist", "dummy")
        self.run_ok("mask", "udp_tunnel")
        self.run_ok("options", "dummy", "numdummies=3")
        self.run_ok("enable", "vxlan")
        self.run_ok("enable", "e1000e")
        text = self.run_ok("status")
        self.assertEqual(self.fields(text), {
            "modmgrd": self.property("Version"),
            "Kernel release": self.property("KernelRelease"),
            "Loaded modules": "1",
            "Tainted": "G O E (12288)",
            "Module loading": "enabled",
            "Signatures": "enforced (module.sig_enforce)",
            "Lockdown": "unknown (no /sys/kernel/security/lockdown)",
            "modmgrd's files": "1 blacklisted, 1 masked, 1 with options, 2 loaded at boot",
            # The mask is two lines: blacklist and install.
            "Configuration": "7 entries in effect"})
        # The labels line up on their colon, as hostnamectl's do.
        self.assertEqual(len({line.index(": ") for line in text.splitlines()}), 1, text)
        # modctl alone is status.
        self.assertEqual(self.run_ok(), text)

    def test_status_reads_the_kernel_afresh_each_time(self):
        document = json.loads(self.run_ok("status", "--json"))
        self.assertEqual(document, {
            "version": self.property("Version"), "kernel_release": self.property("KernelRelease"),
            "loaded_count": 1, "tainted": 12288, "taint_flags": ["G", "O", "E"],
            "modules_disabled": False, "signatures_enforced": True, "lockdown": None,
            "modmgrd_files": {"blacklisted": 0, "masked": 0, "options": 0, "load_at_boot": 0},
            "config_entries": 1, "truncated": False})
        state = self.bed.kernel_state()
        state.update(tainted=4097, modules_disabled=True, lockdown="integrity")
        self.bed.write_kernel_state(state)
        document = json.loads(self.run_ok("--json"))
        self.assertEqual((document["tainted"], document["taint_flags"], document["modules_disabled"],
                          document["lockdown"]),
                         (4097, ["P", "O"], True, "integrity"))
        text = self.run_ok("status")
        self.assertIn("Module loading: disabled until reboot (kernel.modules_disabled)", text)
        self.assertIn("Lockdown: integrity (only signed modules load)", text)

    def test_not_authorized_to_inspect(self):
        self.bed.polkit("org.modmgr1.inspect", "no")
        for args in (("status",), (), ("config",)):
            with self.subTest(args=args):
                self.assertExit(self.bed.modctl(*args), EXIT_DENIED)


class Monitoring(ConfigTestCase):
    def test_monitor_shows_configuration_changes(self):
        monitor = Monitor(self.bed, "--json")
        text_monitor = Monitor(self.bed)
        try:
            monitor.wait_for_notice(READY)
            text_monitor.wait_for_notice(READY)
            self.run_ok("blacklist", "dummy")
            (event,) = monitor.events(1)
            self.assertEqual({k: v for k, v in event.items() if k != "time"},
                             {"event": "config-changed", "name": "dummy", "caller_uid": NOBODY,
                              "user": "nobody", "action": "org.modmgr1.configure",
                              "setting": "blacklist", "value": "true", "device": None,
                              "modalias": None, "driver": None})
            self.assertRegex(text_monitor.out.line(),
                             r'^\S+ config-changed dummy blacklist="true" by nobody '
                             r'\(uid 65534, org\.modmgr1\.configure\)$')
            # A dry run changes nothing, so nothing is announced.
            self.run_ok("unblacklist", "dummy", "--dry-run")
            self.run_ok("enable", "vxlan")
            self.assertEqual([e["name"] for e in monitor.events(1)], ["vxlan"])
            self.assertEqual(monitor.stop(), 0)
            self.assertEqual(text_monitor.stop(), 0)
        finally:
            monitor.kill()
            text_monitor.kill()


class Sessions(ModctlSessions, BusTestCase):
    """modctl as a person runs it: on a terminal with the fake polkit agent, or with -H through
    the fake ssh that runs systemd-stdio-bridge against the private bus."""

    def local(self, *args):
        """modctl as nobody on a terminal, talking to the private bus directly."""
        self.env["DBUS_SYSTEM_BUS_ADDRESS"] = self.bed.address
        return self.modctl(*args, terminal=True)

    def test_a_user_on_a_terminal_gets_the_agent_for_each_call(self):
        self.bed.polkit(CONFIGURE, "auth")
        self.bed.polkit("org.modmgr1.load", "auth")
        done = self.local("enable", "dummy", "--now")
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertTrue(os.path.exists(self.agent_record), "no polkit agent was started")
        self.assertEqual([(c["action"], c["flags"]) for c in self.bed.polkit_calls()],
                         [(CONFIGURE, 1), ("org.modmgr1.load", 1)])
        self.assertEqual(self.bed.loaded(), ["dummy"])

    def test_no_password_prompt_when_asked_not_to(self):
        self.bed.polkit(CONFIGURE, "auth")
        refused = self.local("options", "dummy", "numdummies=3", "--no-ask-password")
        self.assertEqual(refused.returncode, EXIT_DENIED, refused.stdout + refused.stderr)
        self.assertFalse(os.path.exists(self.agent_record), "an agent was started")
        self.assertIsNone(self.bed.read_config(MODPROBE_FILE))

    def test_configuration_commands_over_ssh(self):
        done = self.modctl("-H", "root@localhost", "enable", "dummy", "--now", "--json")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(json.loads(done.stdout),
                         {"name": "dummy", "changed": True, "dry_run": False,
                          "inserted": ["dummy"]})
        self.assertEqual(config_lines(self.bed.read_config(MODULES_LOAD_FILE)), ["dummy"])
        shown = self.modctl("config", "dummy", "--host=root@localhost")
        self.assertEqual(shown.returncode, 0, shown.stderr)
        self.assertIn("  load at boot:  yes\n", shown.stdout)

    def test_status_and_the_whole_configuration_over_ssh(self):
        status = self.modctl("-H", "root@localhost")
        self.assertEqual(status.returncode, 0, status.stderr)
        self.assertRegex(status.stdout, r"(?m)^ *Loaded modules: 0$")
        listing = self.modctl("config", "--json", "--host=root@localhost")
        self.assertEqual(listing.returncode, 0, listing.stderr)
        self.assertEqual(json.loads(listing.stdout), {"entries": [], "truncated": False})

    def test_never_interactive_over_ssh(self):
        self.bed.polkit(CONFIGURE, "auth")
        refused = self.modctl("-H", "root@localhost", "blacklist", "dummy", terminal=True)
        self.assertEqual(refused.returncode, EXIT_DENIED, refused.stdout + refused.stderr)
        self.assertFalse(os.path.exists(self.agent_record), "a local agent was started")
        self.assertIsNone(self.bed.read_config(MODPROBE_FILE))


if __name__ == "__main__":
    unittest.main()
