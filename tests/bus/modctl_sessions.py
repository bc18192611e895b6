"""modctl as a person runs it, for the bus tests: `modctl monitor` in the background
(Monitor), and modctl on a terminal with the fake polkit agent or over -H through a fake
ssh (ModctlSessions), as the unprivileged user `nobody`."""
import os
import select
import signal
import subprocess
import time

import json_schemas
from bus_fixture import NOBODY

READY = "modctl: monitoring modmgrd"


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
        modctl = self.modctl = os.path.join(bed.build_dir, "client/modctl")
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
        return [json_schemas.check_document(self.modctl, "monitor", line)
                for line in self.out.lines(count, timeout)]

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


class ModctlSessions:
    """Mixin for a BusTestCase: a fake ssh that runs systemd-stdio-bridge against the private
    bus, as ssh would on the remote machine, and the fake polkit agent on PATH. modctl itself
    is pointed at no bus at all (self.env), so only -H can reach the daemon."""

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
        return json_schemas.check_output(self.modctl_path, args, subprocess.run(
            ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command],
            env=self.env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60))
