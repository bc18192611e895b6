"""modctl monitor, permissions and --host end to end, as the unprivileged user `nobody`,
against the real daemon on the private bus, including restarts of modmgrd and of the bus."""
import json
import os
import signal
import unittest

from gi.repository import Gio, GLib

from bus_fixture import NOBODY, BusBed, BusTestCase
from modctl_sessions import READY, ModctlSessions, Monitor

EXIT_DENIED, EXIT_USAGE = 3, 2
VXLAN_ORDER = ["udp_tunnel", "ip6_udp_tunnel", "vxlan"]


class RestartableBed(BusBed):
    """A bed whose whole bus can be restarted under a running client (modmgrd alone:
    BusBed.restart_daemon)."""

    def restart_bus(self):
        """A new dbus-daemon on the same socket, with a new authority and a new modmgrd."""
        bus, authority = self.processes[0], self.processes[1]
        self.stop_daemon()
        self.retire(authority)
        self.retire(bus)
        if os.path.exists(self.socket):
            os.unlink(self.socket)
        self._start_bus()
        self._start_fake_polkit()
        self._start_daemon()


class MonitorTestCase(BusTestCase):
    def setUp(self):
        self.bed = RestartableBed(**self.bed_options)
        self.monitors = []

    def tearDown(self):
        for monitor in self.monitors:
            monitor.kill()
        super().tearDown()

    def monitor(self, *args, **kw):
        monitor = Monitor(self.bed, *args, **kw)
        self.monitors.append(monitor)
        return monitor

    def assertVxlanEvents(self, events, event, order, uid=NOBODY, action="org.modmgr1.load"):
        self.assertEqual([(e["event"], e["name"]) for e in events],
                         [(event, module) for module in order], events)
        for e in events:
            self.assertEqual(e["caller_uid"], uid, e)
            self.assertEqual(e["action"], action, e)
            self.assertRegex(e["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$")


class MonitorEvents(MonitorTestCase):
    def test_json_lines_for_loads_and_unloads_then_sigint_exits_cleanly(self):
        monitor = self.monitor("--json")
        monitor.wait_for_notice(READY)
        self.assertOk(self.bed.load("vxlan"))
        self.assertVxlanEvents(monitor.events(3), "loaded", VXLAN_ORDER)
        self.assertOk(self.bed.unload("vxlan"))
        self.assertVxlanEvents(monitor.events(3), "unloaded", list(reversed(VXLAN_ORDER)),
                               action="org.modmgr1.unload")
        self.assertEqual(monitor.stop(signal.SIGINT), 0)

    def test_sigterm_exits_cleanly(self):
        monitor = self.monitor()
        monitor.wait_for_notice(READY)
        self.assertEqual(monitor.stop(signal.SIGTERM), 0)

    def test_text_lines_name_the_caller(self):
        monitor = self.monitor()
        monitor.wait_for_notice(READY)
        self.assertOk(self.bed.load("dummy", uid=0))
        line = monitor.out.line()
        self.assertRegex(line, r"^\S+ loaded dummy by root \(uid 0, org\.modmgr1\.load\)$")
        self.assertEqual(monitor.stop(), 0)

    def test_a_caller_with_a_passwd_entry_is_named(self):
        monitor = self.monitor("--json")
        monitor.wait_for_notice(READY)
        self.assertOk(self.bed.load("dummy"))
        (event,) = monitor.events(1)
        self.assertEqual((event["caller_uid"], event["user"]), (NOBODY, "nobody"))
        self.assertEqual(monitor.stop(), 0)

    def test_without_the_daemon_it_fails_at_once(self):
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS="unix:path=/nonexistent/socket")
        monitor = self.monitor(env=env)
        self.assertEqual(monitor.process.wait(timeout=10), 9)
        self.assertEqual(monitor.out.line(timeout=1), None)


class MonitorFilter(MonitorTestCase):
    def test_only_the_named_modules_events(self):
        monitor = self.monitor("--json", "dummy", "ip6-udp-tunnel")
        monitor.wait_for_notice(READY)
        self.assertOk(self.bed.load("vxlan"))
        self.assertOk(self.bed.set_blacklisted("vxlan", True))
        self.assertOk(self.bed.set_options("dummy", ["numdummies=2"]))
        self.assertEqual([(e["event"], e["name"]) for e in monitor.events(2)],
                         [("loaded", "ip6_udp_tunnel"), ("config-changed", "dummy")])
        self.assertIsNone(monitor.out.line(timeout=0.5))
        self.assertEqual(monitor.stop(), 0)

    def test_the_bus_filters_configuration_changes(self):
        monitor = self.monitor("dummy", "vxlan")
        monitor.wait_for_notice(READY)
        rules = [rule for rule in self.match_rules(monitor.process.pid)
                 if "member='ConfigSettingChanged'" in rule]
        self.assertEqual(sorted(rule.split(",arg0=")[1] for rule in rules),
                         ["'dummy'", "'vxlan'"])
        self.assertEqual(monitor.stop(), 0)

    def test_what_cannot_be_a_module_name_is_a_usage_error(self):
        for name in ("pci:v00008086d*", "dummy'", "a" * 56):
            done = self.bed.modctl("monitor", "dummy", name)
            self.assertEqual(done.returncode, EXIT_USAGE, done.stderr)
            self.assertIn("not a module name", done.stderr)

    def match_rules(self, pid):
        """The match rules the bus holds for process `pid`'s connection (Debug.Stats)."""
        def driver(interface, method, args=None):
            return self.bed.conn.call_sync(
                "org.freedesktop.DBus", "/org/freedesktop/DBus", interface, method, args, None,
                Gio.DBusCallFlags.NONE, 5000, None).unpack()[0]
        rules = driver("org.freedesktop.DBus.Debug.Stats", "GetAllMatchRules")
        for name in rules:
            pid_of = driver("org.freedesktop.DBus", "GetConnectionUnixProcessID",
                            GLib.Variant("(s)", (name,)))
            if pid_of == pid:
                return rules[name]
        raise AssertionError(f"no match rules of process {pid}")


class ConfigurationChanges(MonitorTestCase):
    def test_a_configuration_command_says_what_it_changed_and_for_whom(self):
        monitor = self.monitor("--json")
        monitor.wait_for_notice(READY)
        # In this order no call moves another module's line in modmgrd's file.
        self.assertOk(self.bed.set_blacklisted("dummy", True))
        self.assertOk(self.bed.set_options("e1000e", ["TxIntDelay=1,2", "debug=3"]))
        self.assertOk(self.bed.set_load_at_boot("vxlan", True, uid=0))
        self.assertOk(self.bed.set_masked("udp_tunnel", True, uid=0))
        events = monitor.events(4)
        self.assertEqual([(e["name"], e["setting"], e["value"], e["caller_uid"], e["user"])
                          for e in events],
                         [("dummy", "blacklist", "true", NOBODY, "nobody"),
                          ("e1000e", "options", "TxIntDelay=1,2 debug=3", NOBODY, "nobody"),
                          ("vxlan", "load_at_boot", "true", 0, "root"),
                          ("udp_tunnel", "mask", "true", 0, "root")])
        for event in events:
            self.assertEqual((event["event"], event["action"]),
                             ("config-changed", "org.modmgr1.configure"))
        self.assertEqual(monitor.stop(), 0)

    def test_text_line_of_a_configuration_command(self):
        monitor = self.monitor()
        monitor.wait_for_notice(READY)
        self.assertOk(self.bed.set_blacklisted("dummy", False))  # nothing to change
        self.assertOk(self.bed.set_options("dummy", ["numdummies=3"]))
        self.assertRegex(monitor.out.line(), r'^\S+ config-changed dummy options="numdummies=3" '
                                             r'by nobody \(uid 65534, org\.modmgr1\.configure\)$')
        self.assertEqual(monitor.stop(), 0)

    def test_a_hand_edit_shows_no_actor(self):
        monitor = self.monitor("--json")
        monitor.wait_for_notice(READY)
        self.bed.write_config("etc/modprobe.d/local.conf", "blacklist dummy\n")
        (event,) = monitor.events(1)
        self.assertEqual(event["name"], "dummy")
        for key in ("caller_uid", "user", "action", "setting", "value"):
            self.assertIsNone(event[key], key)
        self.assertEqual(monitor.stop(), 0)

    def test_text_line_of_a_hand_edit_names_only_the_module(self):
        monitor = self.monitor()
        monitor.wait_for_notice(READY)
        self.bed.write_config("etc/modules-load.d/local.conf", "vxlan\n")
        self.assertRegex(monitor.out.line(), r"^\S+ config-changed vxlan$")
        self.assertEqual(monitor.stop(), 0)


class MonitorSurvivesRestarts(MonitorTestCase):
    def test_daemon_restart(self):
        monitor = self.monitor("--json")
        monitor.wait_for_notice(READY)
        self.assertOk(self.bed.load("vxlan"))
        self.assertVxlanEvents(monitor.events(3), "loaded", VXLAN_ORDER)

        self.bed.restart_daemon()
        monitor.wait_for_notice("modctl: modmgrd went away; waiting for it")
        monitor.wait_for_notice("modctl: modmgrd is back")
        self.assertIsNone(monitor.process.poll())

        # The new daemon found vxlan loaded; its Unload reaches the same monitor.
        self.assertOk(self.bed.unload("vxlan"))
        self.assertVxlanEvents(monitor.events(3), "unloaded", list(reversed(VXLAN_ORDER)),
                               action="org.modmgr1.unload")
        self.assertEqual(monitor.stop(), 0)

    def test_bus_restart(self):
        monitor = self.monitor("--json")
        monitor.wait_for_notice(READY)
        self.bed.restart_bus()
        monitor.wait_for_notice("modctl: lost the connection to the system bus; reconnecting")
        monitor.wait_for_notice("modctl: modmgrd is back", timeout=30)
        self.assertOk(self.bed.load("vxlan"))
        self.assertVxlanEvents(monitor.events(3), "loaded", VXLAN_ORDER)
        self.assertEqual(monitor.stop(), 0)


class Permissions(BusTestCase):
    def test_text_and_json_follow_polkit(self):
        self.bed.polkit("org.modmgr1.load", "auth")
        self.bed.polkit("org.modmgr1.unload", "no")
        text = self.bed.modctl("permissions")
        self.assertEqual(text.returncode, 0, text.stderr)
        lines = dict(line.split(": ", 1) for line in text.stdout.splitlines())
        self.assertEqual(lines["org.modmgr1.load"], "auth")
        self.assertEqual(lines["org.modmgr1.unload"], "no")
        self.assertEqual(lines["org.modmgr1.inspect"], "yes")
        document = self.bed.modctl("permissions", "--json")
        self.assertEqual(document.returncode, 0, document.stderr)
        self.assertEqual(json.loads(document.stdout), lines)
        # Asking must never let polkit prompt.
        self.assertEqual({c["flags"] for c in self.bed.polkit_calls()}, {0})


class RemoteHost(ModctlSessions, BusTestCase):
    """`modctl -H` through the fake ssh and systemd-stdio-bridge."""

    def test_list_goes_through_ssh_and_the_bridge(self):
        done = self.modctl("-H", "root@localhost", "list")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertTrue(done.stdout.startswith("Module"), done.stdout)
        with open(self.ssh_args) as f:
            self.assertEqual(f.read().split("\n")[:-1],
                             ["-xT", "--", "root@localhost", "systemd-stdio-bridge"])

    def test_load_and_monitor_over_ssh(self):
        monitor = Monitor(self.bed, "--json", "--host", "root@localhost", env=self.env)
        try:
            monitor.wait_for_notice(READY)
            done = self.modctl("load", "vxlan", "--host=root@localhost", "--json")
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertEqual(json.loads(done.stdout)["inserted"], VXLAN_ORDER)
            events = monitor.events(3)
            self.assertEqual([e["name"] for e in events], VXLAN_ORDER)
            # The caller is the bridge on the remote machine: a uid there, which may be
            # someone else here, so no name is looked up.
            self.assertEqual({(e["caller_uid"], e["user"]) for e in events}, {(NOBODY, None)})
            self.assertEqual(monitor.stop(), 0)
        finally:
            monitor.kill()

    def test_no_agent_and_no_interaction_even_on_a_terminal(self):
        self.bed.polkit("org.modmgr1.load", "auth")
        refused = self.modctl("-H", "root@localhost", "load", "dummy", terminal=True)
        self.assertEqual(refused.returncode, EXIT_DENIED, refused.stdout + refused.stderr)
        self.assertFalse(os.path.exists(self.agent_record), "a local polkit agent was started")
        flags = [c["flags"] for c in self.bed.polkit_calls() if c["action"] == "org.modmgr1.load"]
        self.assertEqual(flags, [0])
        self.assertEqual(self.bed.loaded(), [])

    def test_a_module_file_is_a_usage_error_before_any_connection(self):
        done = self.modctl("-H", "root@localhost", "load", "./my_driver.ko")
        self.assertEqual(done.returncode, EXIT_USAGE, done.stderr)
        self.assertIn("--host", done.stderr)
        self.assertFalse(os.path.exists(self.ssh_args), "ssh was started")


if __name__ == "__main__":
    unittest.main()
