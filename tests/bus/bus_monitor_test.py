"""modctl monitor, permissions and --host end to end, as the unprivileged user `nobody`,
against the real daemon on the private bus, including restarts of modmgrd and of the bus."""
import json
import os
import select
import signal
import subprocess
import time
import unittest

from bus_fixture import NOBODY, BusBed, BusTestCase

EXIT_DENIED, EXIT_USAGE = 3, 2
VXLAN_ORDER = ["udp_tunnel", "ip6_udp_tunnel", "vxlan"]
READY = "modctl: monitoring modmgrd"


class RestartableBed(BusBed):
    """A bed whose modmgrd, or whole bus, can be restarted under a running client."""

    def __init__(self, polkit_timeout=2.0, **options):
        self.polkit_timeout = polkit_timeout
        super().__init__(polkit_timeout=polkit_timeout, **options)

    def _retire(self, process):
        # BusBed._wait fails as soon as any process it tracks has exited.
        process.terminate()
        process.wait(timeout=10)
        self.processes.remove(process)

    def restart_daemon(self):
        self._retire(self.daemon)
        self._start_daemon(self.polkit_timeout)

    def restart_bus(self):
        """A new dbus-daemon on the same socket, with a new authority and a new modmgrd."""
        bus, authority = self.processes[0], self.processes[1]
        self._retire(self.daemon)
        self._retire(authority)
        self._retire(bus)
        if os.path.exists(self.socket):
            os.unlink(self.socket)
        self._start_bus()
        self._start_fake_polkit()
        self._start_daemon(self.polkit_timeout)


class Stream:
    """Lines of one pipe, read with a deadline."""

    def __init__(self, pipe):
        self.fd = pipe.fileno()
        self.buffer = b""

    def line(self, timeout=10):
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                return None
            chunk = os.read(self.fd, 4096)
            if not chunk:
                return None
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode()

    def lines(self, count, timeout=10):
        lines = [self.line(timeout) for _ in range(count)]
        return [line for line in lines if line is not None]


class Monitor:
    """`modctl monitor` running as nobody in the background."""

    def __init__(self, bed, *args, env=None):
        modctl = os.path.join(bed.build_dir, "client/modctl")
        self.process = subprocess.Popen(
            ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
             modctl, "monitor", *args],
            env=env or dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=bed.address),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.out = Stream(self.process.stdout)
        self.err = Stream(self.process.stderr)

    def wait_for_notice(self, text, timeout=20):
        """The stderr lines up to and including the first that contains `text`."""
        seen = []
        while True:
            line = self.err.line(timeout)
            if line is None:
                raise AssertionError(f"no notice {text!r} on stderr; got {seen}")
            seen.append(line)
            if text in line:
                return seen

    def events(self, count, timeout=10):
        return [json.loads(line) for line in self.out.lines(count, timeout)]

    def stop(self, sig=signal.SIGINT):
        # setpriv execs modctl, so the pid is modctl's own.
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=10)
        finally:
            self.process.stdout.close()
            self.process.stderr.close()

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


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


class RemoteHost(BusTestCase):
    """`modctl -H` through a fake ssh that runs systemd-stdio-bridge against the private bus,
    as ssh would on the remote machine. modctl itself is pointed at no bus at all."""

    def setUp(self):
        super().setUp()
        self.shared = os.path.join(self.bed.tmp, "shared")
        os.mkdir(self.shared)
        os.chmod(self.shared, 0o777)  # written by processes running as nobody
        self.ssh_args = os.path.join(self.shared, "ssh-args")
        bin_dir = os.path.join(self.bed.tmp, "bin")
        os.mkdir(bin_dir)
        with open(os.path.join(bin_dir, "ssh"), "w") as f:
            f.write('#!/bin/sh\n'
                    '# TEST DOUBLE of ssh: records its arguments, then runs the bridge locally.\n'
                    'printf "%s\\n" "$@" > "$MODMGR_FAKE_SSH_RECORD"\n'
                    'exec systemd-stdio-bridge --bus-path="$MODMGR_FAKE_SSH_BUS"\n')
        os.chmod(os.path.join(bin_dir, "ssh"), 0o755)
        agent_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fake-agent")
        self.agent_record = os.path.join(self.shared, "agent-args")
        self.env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS="unix:path=/nonexistent/socket",
                        PATH=f"{bin_dir}:{agent_dir}:{os.environ['PATH']}",
                        MODMGR_FAKE_SSH_BUS=self.bed.address,
                        MODMGR_FAKE_SSH_RECORD=self.ssh_args,
                        MODMGR_FAKE_AGENT_RECORD=self.agent_record)
        self.modctl_path = os.path.join(self.bed.build_dir, "client/modctl")

    def modctl(self, *args, terminal=False):
        command = [self.modctl_path, *args]
        if terminal:
            # script(1) gives modctl a terminal, as a person at a shell would have.
            command = ["script", "-qec", " ".join(command), "/dev/null"]
        return subprocess.run(
            ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command],
            env=self.env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)

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
