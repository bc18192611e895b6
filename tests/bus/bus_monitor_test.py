"""modctl monitor, permissions and --host end to end, as the unprivileged user `nobody`,
against the real daemon on the private bus, including restarts of modmgrd and of the bus."""
import json
import os
import signal
import unittest

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
        self.assertEqual([(e["event"], e["module"]) for e in events],
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
        self.assertRegex(line, r"^\S+ loaded dummy by uid 0 \(org\.modmgr1\.load\)$")
        self.assertEqual(monitor.stop(), 0)

    def test_without_the_daemon_it_fails_at_once(self):
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS="unix:path=/nonexistent/socket")
        monitor = self.monitor(env=env)
        self.assertEqual(monitor.process.wait(timeout=10), 9)
        self.assertEqual(monitor.out.line(timeout=1), None)


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
            self.assertEqual([e["module"] for e in monitor.events(3)], VXLAN_ORDER)
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
