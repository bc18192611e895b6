#!/usr/bin/env python3
"""./scripts/try as a person uses it, typed on a terminal (a pseudo-terminal this test
drives): the guest boots to a shell as "grouped", who loads dummy with a parameter without
being asked anything, sees it in `modctl list` and its unload in `modctl monitor`; then
`su - plain`, whose load gets polkit's password prompt, answered with the administrator's
password; leaving both shells powers the guest off and scripts/try exits 0.
Run as root, after scripts/setup (scripts/test runs it after the system tests). The whole
session is kept in build/try/session.log."""
import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOG = os.path.join(REPO, "build/try/session.log")
# Booting, installing the package and logging in under TCG on a 2-core machine shared with
# builds; what run-guest's SYSTEM_TEST_TIMEOUT allows a whole boot.
BOOT_TIMEOUT = 2400
# One command in the guest: polkit's round trips and a module load under TCG.
COMMAND_TIMEOUT = 180
ROWS, COLUMNS = 50, 160
# How long a password prompt is left before typing and before looking for an echo.
PASSWORD_SETTLE = 3
# Terminal control sequences (bash's bracketed-paste switches around each prompt, the BIOS's
# resets), dropped from what the checks read, with carriage returns.
CONTROL = re.compile(r"\x1b(?:\[[0-9;?]*[A-Za-z]|[^\[])")


class Session:
    """A program on a pseudo-terminal: what it printed so far, and keys typed into it."""

    def __init__(self, argv):
        controller, terminal = os.openpty()
        fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        self.process = subprocess.Popen(argv, stdin=terminal, stdout=terminal, stderr=terminal,
                                        start_new_session=True, preexec_fn=take_terminal)
        os.close(terminal)
        self.fd = controller
        self.output = ""
        self.partial = ""  # the start of a control sequence that the next read completes
        self.unread = 0  # where the next expect() starts looking
        os.makedirs(os.path.dirname(LOG), exist_ok=True)
        self.log = open(LOG, "w")

    def read_for(self, seconds):
        ready, _, _ = select.select([self.fd], [], [], seconds)
        if not ready:
            return False
        try:
            data = os.read(self.fd, 65536).decode(errors="replace")
        except OSError:  # the program and its terminal are gone
            return False
        self.log.write(data)
        data = self.partial + data
        cut = data.rfind("\x1b")
        if cut != -1 and not CONTROL.match(data, cut):
            data, self.partial = data[:cut], data[cut:]
        else:
            self.partial = ""
        # Carriage returns too: bash puts one before each command's output.
        self.output += CONTROL.sub("", data).replace("\r", "")
        self.log.flush()
        return bool(data)

    def expect(self, pattern, timeout=COMMAND_TIMEOUT):
        """Waits until the output after the last match shows PATTERN (a regex); returns it."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern, re.MULTILINE)
        while True:
            found = regex.search(self.output, self.unread)
            if found:
                self.unread = found.end()
                return found
            left = deadline - time.monotonic()
            if left <= 0 or (not self.read_for(min(left, 1.0)) and self.process.poll() is not None):
                tail = self.output[self.unread:][-3000:]
                raise AssertionError(f"the terminal never showed /{pattern}/ after:\n{tail}")

    def type(self, line):
        os.write(self.fd, (line + "\r").encode())

    def answer_password(self, password):
        """Types PASSWORD at the password prompt just shown. pkttyagent turns echo off only after
        printing its prompt, discarding what was typed before (TCSAFLUSH): what the terminal
        echoes came too early and is typed again."""
        time.sleep(PASSWORD_SETTLE)
        start = self.unread
        self.type(password)
        deadline = time.monotonic() + PASSWORD_SETTLE
        while time.monotonic() < deadline and password not in self.output[start:]:
            self.read_for(0.2)
        if password in self.output[start:]:
            self.type(password)

    def run(self, command, prompt):
        """Types COMMAND, waits for the next PROMPT; returns what the command printed."""
        self.type(command)
        start = self.unread
        self.expect(prompt)
        return self.output[start:self.unread]

    def wait_exit(self, timeout):
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self.read_for(1.0)
        while self.read_for(0.1):
            pass
        if self.process.poll() is None:
            self.process.kill()
            raise AssertionError("scripts/try still ran after the shell was left:\n"
                                 + self.output[-3000:])
        return self.process.returncode


def take_terminal():
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def prompt(user):
    return rf"{user}@[^ :]+:~\$ $"


def check(condition, what, output):
    if not condition:
        raise AssertionError(f"{what}; the terminal showed:\n{output}")
    print(f"ok: {what}")


def main():
    started = time.monotonic()
    session = Session([os.path.join(REPO, "scripts/try")])
    grouped, plain = prompt("grouped"), prompt("plain")
    try:
        session.expect(r"modmgr is installed in this guest", BOOT_TIMEOUT)
        session.expect(grouped)
        print(f"ok: a shell as grouped after {time.monotonic() - started:.0f} s")

        out = session.run("modctl load dummy numdummies=3", grouped)
        check("inserted dummy" in out and "Password" not in out,
              "grouped loads dummy without a prompt", out)
        out = session.run("ls /sys/class/net", grouped)
        check(all(f"dummy{i}" in out for i in range(3)), "numdummies=3 made dummy0..dummy2", out)
        out = session.run("modctl list", grouped)
        check(re.search(r"^Module +Size +Used by", out, re.MULTILINE) and
              re.search(r"^dummy +\d+ +0", out, re.MULTILINE), "modctl list shows dummy", out)

        session.type("modctl monitor &")
        session.expect(r"monitoring modmgrd")
        start = session.unread
        out = session.run("modctl unload dummy", grouped)
        check("removed dummy" in out, "grouped unloads dummy", out)
        # The monitor in the background may print before or after the next prompt.
        session.unread = start
        session.expect(r"\dT\S+ unloaded dummy")
        print("ok: modctl monitor shows the unload")
        session.run("kill %1", grouped)

        session.type("su - plain")
        session.expect(r"Password: ?$")
        session.answer_password("plain-pw")
        session.expect(plain)
        session.type("modctl load dummy")
        session.expect(r"AUTHENTICATING FOR org\.modmgr1\.load")
        session.expect(r"Authenticating as: .*\badmin\b")
        session.expect(r"Password: ?$")
        start = session.unread
        session.answer_password("admin-pw")
        session.expect(plain)
        out = session.output[start:session.unread]
        check("AUTHENTICATION COMPLETE" in out and "inserted dummy" in out,
              "plain gets polkit's prompt and the administrator's password loads dummy", out)

        session.run("exit", grouped)
        session.type("exit")
        status = session.wait_exit(COMMAND_TIMEOUT)
        check(status == 0, f"leaving the shell powers the guest off and scripts/try exits 0 ({status})",
              session.output[-2000:])
    except AssertionError as failure:
        print(f"FAIL: {failure}\n(the whole session: {LOG})")
        if session.process.poll() is None:
            os.killpg(session.process.pid, 9)
        return 1
    print(f"try session passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
