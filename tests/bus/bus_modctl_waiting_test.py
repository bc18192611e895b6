"""modctl and a change that takes its time (issue 13): it waits as long as modmgrd takes, says
so on a terminal, and when --timeout cuts the wait short says the change may still complete.
The simulated kernel makes every insert take INSERT_SECONDS."""
import os
import subprocess
import time
import unittest

from bus_fixture import NOBODY, BusTestCase, as_identity

INSERT_SECONDS = 3
EXIT_STOPPED_WAITING = 13
WAITING = "modctl: waiting for modmgrd..."


class SlowLoad(BusTestCase):
    bed_options = {"kernel_state": {"modules": [], "insert_delay_ms": INSERT_SECONDS * 1000}}

    def modctl(self, *args, terminal=False, **env):
        command = [os.path.join(self.bed.build_dir, "client/modctl"), *args]
        if terminal:
            # script(1) gives modctl a terminal (stdin, stdout and stderr), as a person has.
            command = ["script", "-qec", " ".join(command), "/dev/null"]
        return subprocess.run(as_identity(NOBODY, command),
                              env=dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=self.bed.address, **env),
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)

    def wait_until_loaded(self, name, timeout=15):
        deadline = time.monotonic() + timeout
        while name not in self.bed.loaded():
            if time.monotonic() > deadline:
                self.fail(f"{name} never loaded; loaded: {self.bed.loaded()}")
            time.sleep(0.1)

    def test_a_load_outlasting_the_bus_default_timeout_succeeds(self):
        # sd-bus's default method timeout (25 s) comes from $SYSTEMD_BUS_TIMEOUT when set: at
        # 1 s, a load that takes 3 s shows whether modctl leaves its changes to that default.
        done = self.modctl("load", "dummy", SYSTEMD_BUS_TIMEOUT="1")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout, "inserted dummy\n")
        self.assertEqual(done.stderr, "")
        self.assertEqual(self.bed.loaded(), ["dummy"])

    def test_a_timeout_says_the_load_may_still_complete_and_it_does(self):
        started = time.monotonic()
        done = self.modctl("load", "--timeout=1", "dummy")
        self.assertLess(time.monotonic() - started, INSERT_SECONDS)
        self.assertEqual(done.returncode, EXIT_STOPPED_WAITING, done.stderr)
        self.assertEqual(done.stdout, "")
        lines = done.stderr.splitlines()
        self.assertEqual(len(lines), 1, done.stderr)
        self.assertIn("after 1 s", lines[0])
        self.assertIn("may still complete", lines[0])
        self.wait_until_loaded("dummy")

    def test_on_a_terminal_a_line_says_modctl_is_waiting(self):
        done = self.modctl("--no-ask-password", "load", "dummy", terminal=True)
        self.assertEqual(done.returncode, 0, done.stdout)
        # script(1) passes the terminal's output on, its line ends as a terminal's do.
        lines = done.stdout.replace("\r\n", "\n").splitlines()
        self.assertEqual(lines, [WAITING, "inserted dummy"])

    def test_not_on_a_terminal_nor_quiet_there_is_no_waiting_line(self):
        done = self.modctl("load", "dummy")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertNotIn("waiting", done.stderr)
        self.assertEqual(self.modctl("unload", "dummy").returncode, 0)
        quiet = self.modctl("--no-ask-password", "load", "-q", "dummy", terminal=True)
        self.assertEqual(quiet.returncode, 0, quiet.stdout)
        self.assertEqual(quiet.stdout, "")
        self.assertEqual(self.bed.loaded(), ["dummy"])

    def test_a_quick_answer_on_a_terminal_has_no_waiting_line(self):
        done = self.modctl("--no-ask-password", "unload", "dummy", terminal=True)
        self.assertEqual(done.returncode, 4, done.stdout)
        self.assertNotIn("waiting", done.stdout)


if __name__ == "__main__":
    unittest.main()
