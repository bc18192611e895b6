"""The bus-test bed: a private dbus-daemon configured like Debian's system bus (default deny,
plus the project's own policy file), the fake polkit authority, and the REAL modmgrd binary
serving the real Debian module tree with a simulated kernel (SimulatedKernel, the test
double: this machine's kernel cannot load modules). Callers run as the unprivileged user
`nobody`, because root is authorized without polkit.

Environment (set by ctest): MODMGR_BUILD_DIR, MODMGR_SOURCE_DIR, MODMGR_TEST_KERNEL_ROOT, and
in a sanitizer build (cmake -DMODMGR_SANITIZE=...) the sanitizers' *_OPTIONS.

Every bed ends with a check (BusBed.stop): modmgrd must exit 0 on SIGTERM, as systemd stops it,
and no sanitizer may have reported anything from modmgrd or any modctl the test ran.
"""
import glob
import json
import os
import pickle
import shutil
import subprocess
import tempfile
import time
import unittest

from gi.repository import Gio, GLib

NOBODY = 65534
BUS_NAME = "org.modmgr1"
MANAGER_PATH = "/org/modmgr1"
MANAGER = "org.modmgr1.Manager"
FAKE_AUTHORITY_CONTROL = "org.modmgr1.test.FakeAuthority"
DRY_RUN, IGNORE_BLACKLIST, NO_DEPENDENCIES, IGNORE_INSTALL_COMMANDS, FIRST_TIME = 1, 2, 4, 8, 16
# modmgrd stops its workers and writes nothing on SIGTERM: seconds are plenty, even under a
# sanitizer's leak check at exit.
DAEMON_STOP_TIMEOUT = 10
# The options ctest gives a sanitizer build, before any bed adds its own log_path to them.
SANITIZER_OPTIONS = {name: os.environ.get(name, "")
                     for name in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS")}

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <!-- Debian's default system-bus policy (/usr/share/dbus-1/system.conf). -->
  <policy context="default">
    <allow user="*"/>
    <deny own="*"/>
    <deny send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_requested_reply="true" send_type="method_return"/>
    <allow send_requested_reply="true" send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow receive_type="signal"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Introspectable"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Properties"/>
  </policy>
  <!-- What polkit's own policy file grants, for the fake authority (runs as root here). -->
  <policy user="root">
    <allow own="org.freedesktop.PolicyKit1"/>
  </policy>
  <policy context="default">
    <allow send_destination="org.freedesktop.PolicyKit1"/>
  </policy>
  <!-- The project's policy, exactly as installed. -->
  <include>{policy}</include>
</busconfig>
"""


def env_path(name):
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"{name} is not set: run the bus tests through ctest")
    return value


def modules_dir():
    root = env_path("MODMGR_TEST_KERNEL_ROOT")
    found = glob.glob(os.path.join(root, "lib/modules/*/modules.dep.bin"))
    if len(found) != 1:
        raise RuntimeError(f"no indexed module tree under {root}: run scripts/fetch-kernel")
    return os.path.dirname(found[0])


def gio_error_name(error):
    return Gio.DBusError.get_remote_error(error) or "unknown"


def gio_error_message(error):
    Gio.DBusError.strip_remote_error(error)
    return error.message


def sanitizer_environment(directory, program):
    """The sanitizer options with every report written to `directory`/`program`.<pid>: a
    report on a client's stderr would only be seen by a test that happens to look there."""
    log_path = "log_path=" + os.path.join(directory, program)
    return {name: ":".join(filter(None, (options, log_path)))
            for name, options in SANITIZER_OPTIONS.items()}


def run_as(uid, *call_args):
    """One method call from a fresh process running as `uid` (a forked copy of this process
    would inherit GLib's D-Bus worker thread state and hang). Returns what bus_caller.py
    returns: ("ok", reply, unique_name) or ("error", error_name, message)."""
    command = ["/usr/bin/python3", os.path.join(os.path.dirname(__file__), "bus_caller.py")]
    if uid != 0:
        command = ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", *command]
    done = subprocess.run(command, input=pickle.dumps(call_args), capture_output=True)
    if done.returncode != 0:
        return ("exception", done.returncode, done.stderr.decode(errors="replace"))
    return pickle.loads(done.stdout)


class BusBed:
    """One private bus with modmgrd and (optionally) the fake authority."""

    def __init__(self, with_polkit=True, polkit_timeout=2.0, kernel_state=None, modprobe_d=None,
                 modules_load_d=None, cmdline=""):
        self.build_dir = env_path("MODMGR_BUILD_DIR")
        self.source_dir = env_path("MODMGR_SOURCE_DIR")
        self.tmp = tempfile.mkdtemp(prefix="modmgr-bus-")
        os.chmod(self.tmp, 0o755)  # callers run as nobody and must reach the socket
        self.socket = os.path.join(self.tmp, "system_bus_socket")
        self.address = f"unix:path={self.socket}"
        self.state_file = os.path.join(self.tmp, "kernel.json")
        # modmgrd's --config-root: the module configuration of a whole system in miniature.
        self.config_root = os.path.join(self.tmp, "root")
        for name, text in (modprobe_d or {}).items():
            self.write_config(f"etc/modprobe.d/{name}", text)
        for name, text in (modules_load_d or {}).items():
            self.write_config(f"etc/modules-load.d/{name}", text)
        os.makedirs(self.config_path("etc/modprobe.d"), exist_ok=True)
        os.makedirs(self.config_path("etc/modules-load.d"), exist_ok=True)
        self.write_config("proc/cmdline", cmdline + "\n")
        if kernel_state is not None:
            self.write_kernel_state(kernel_state)
        self.daemon_log = os.path.join(self.tmp, "modmgrd.log")
        self.sanitizer_dir = os.path.join(self.tmp, "sanitizer")
        os.mkdir(self.sanitizer_dir)
        os.chmod(self.sanitizer_dir, 0o1777)  # modctl runs as nobody and writes its own report
        # Every modctl a test starts inherits this environment, as it does the bus address.
        os.environ.update(sanitizer_environment(self.sanitizer_dir, "modctl"))
        self.shutdown_failures = []
        self.processes = []
        self.daemon = None
        try:
            self._start_bus()
            if with_polkit:
                self._start_fake_polkit()
            self._start_daemon(polkit_timeout)
        except BaseException:
            # Left running, these would keep ctest's output pipe open until its timeout.
            self.stop()
            raise

    # --- processes -------------------------------------------------------------------
    def _start_bus(self):
        config = os.path.join(self.tmp, "bus.conf")
        with open(config, "w") as f:
            f.write(BUS_CONFIG.format(socket=self.socket,
                                      policy=os.path.join(self.source_dir, "dbus/org.modmgr1.conf")))
        bus = subprocess.Popen(["dbus-daemon", f"--config-file={config}", "--nofork", "--nopidfile"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.processes.append(bus)
        # The socket file exists a moment before dbus-daemon accepts on it: wait for a connection.
        self._wait(self._connect, "the private bus")
        os.environ["DBUS_SYSTEM_BUS_ADDRESS"] = self.address

    def _connect(self):
        if not os.path.exists(self.socket):
            return False
        try:
            self.conn = Gio.DBusConnection.new_for_address_sync(
                self.address,
                Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
                None, None)
            return True
        except GLib.Error:
            return False

    def _start_fake_polkit(self):
        script = os.path.join(self.source_dir, "tests/bus/fake_polkit_authority.py")
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=self.address)
        authority = subprocess.Popen(["/usr/bin/python3", script], env=env, stdout=subprocess.PIPE)
        self.processes.append(authority)
        line = authority.stdout.readline()
        if b"ready" not in line:
            raise RuntimeError("the fake polkit authority did not start")

    def _start_daemon(self, polkit_timeout):
        command = [os.path.join(self.build_dir, "daemon/modmgrd"),
                   "--modules-dir", modules_dir(),
                   "--config-root", self.config_root,
                   "--simulated-kernel", self.state_file,
                   "--polkit-timeout", str(polkit_timeout),
                   "--log-level", "debug"]
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=self.address,
                   **sanitizer_environment(self.sanitizer_dir, "modmgrd"))
        env.pop("JOURNAL_STREAM", None)
        with open(self.daemon_log, "w") as log:
            self.daemon = subprocess.Popen(command, env=env, stdout=log, stderr=log)
        self.processes.append(self.daemon)
        self._wait(self.daemon_running, "modmgrd to own org.modmgr1")

    def _wait(self, condition, what, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            for p in self.processes:
                if p.poll() is not None:
                    raise RuntimeError(f"waiting for {what}: {p.args[0]} exited with {p.returncode}"
                                       + self.log_tail())
            time.sleep(0.05)
        raise RuntimeError(f"timed out waiting for {what}" + self.log_tail())

    def daemon_running(self):
        if self.daemon.poll() is not None:
            return False
        reply = self.conn.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus",
                                    "org.freedesktop.DBus", "NameHasOwner",
                                    GLib.Variant("(s)", (BUS_NAME,)), None,
                                    Gio.DBusCallFlags.NONE, 5000, None)
        return reply.unpack()[0]

    def log_tail(self):
        try:
            with open(self.daemon_log) as f:
                return "\n--- modmgrd log ---\n" + "".join(f.readlines()[-60:])
        except OSError:
            return ""

    def stop_daemon(self):
        """SIGTERM, as systemd stops modmgrd: it must exit 0 within the timeout. A crash at
        shutdown, an earlier death, or a leak report (a sanitizer build exits non-zero then)
        is recorded for stop() to fail on."""
        daemon = self.daemon
        self.processes.remove(daemon)
        if daemon.poll() is None:
            daemon.terminate()
            try:
                daemon.wait(timeout=DAEMON_STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                daemon.kill()
                daemon.wait()
                self.shutdown_failures.append(
                    f"modmgrd did not exit within {DAEMON_STOP_TIMEOUT} s of SIGTERM" + self.log_tail())
                return
        if daemon.returncode != 0:
            self.shutdown_failures.append(
                f"modmgrd exited with {daemon.returncode} (0 expected on SIGTERM)" + self.log_tail())

    def stop(self):
        """Stops everything, then fails when modmgrd did not stop cleanly or a sanitizer
        reported anything (with the reports)."""
        if self.daemon in self.processes:
            self.stop_daemon()
        for p in reversed(self.processes):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
            if p.stdout:
                p.stdout.close()
        failures = self.shutdown_failures + self.sanitizer_reports()
        shutil.rmtree(self.tmp, ignore_errors=True)
        if failures:
            raise AssertionError("\n".join(failures))

    def sanitizer_reports(self):
        reports = []
        for path in sorted(glob.glob(os.path.join(self.sanitizer_dir, "*"))):
            with open(path, errors="replace") as f:
                reports.append(f"--- sanitizer report {os.path.basename(path)} ---\n{f.read()}")
        return reports

    # --- calls -----------------------------------------------------------------------
    def call(self, method, signature=None, args=None, uid=NOBODY, interactive=False, fd_path=None,
             timeout_ms=30000, path=MANAGER_PATH, interface=MANAGER, destination=BUS_NAME):
        """("ok", reply_tuple, caller_unique_name) or ("error", error_name, message)."""
        return run_as(uid, self.address, method, args, signature, interactive, fd_path,
                      timeout_ms, path, interface, destination)

    def load(self, name, params=(), flags=0, **kw):
        return self.call("Load", "(sast)", (name, list(params), flags), **kw)

    def unload(self, name, flags=0, **kw):
        return self.call("Unload", "(st)", (name, flags), **kw)

    def list(self, **kw):
        return self.call("List", **kw)

    def info(self, name, **kw):
        return self.call("Info", "(s)", (name,), **kw)

    def modctl(self, *args, uid=NOBODY, timeout=60):
        command = [os.path.join(self.build_dir, "client/modctl"), *args]
        if uid != 0:
            command = ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", *command]
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=self.address)
        return subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=timeout)

    def set_blacklisted(self, name, blacklisted, flags=0, **kw):
        return self.call("SetBlacklisted", "(sbt)", (name, blacklisted, flags), **kw)

    def set_options(self, name, params=(), flags=0, **kw):
        return self.call("SetOptions", "(sast)", (name, list(params), flags), **kw)

    def set_load_at_boot(self, name, enabled, flags=0, **kw):
        return self.call("SetLoadAtBoot", "(sbt)", (name, enabled, flags), **kw)

    def configuration(self, name, **kw):
        return self.call("GetConfiguration", "(s)", (name,), **kw)

    # --- the configuration root ----------------------------------------------------------
    def config_path(self, relative):
        return os.path.join(self.config_root, relative)

    def write_config(self, relative, text):
        path = self.config_path(relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path

    def read_config(self, relative):
        """The file's text, or None when it does not exist."""
        try:
            with open(self.config_path(relative)) as f:
                return f.read()
        except FileNotFoundError:
            return None

    # --- the fake authority ------------------------------------------------------------
    def _control(self, method, signature=None, args=None):
        reply = self.conn.call_sync("org.freedesktop.PolicyKit1", "/org/freedesktop/PolicyKit1/Authority",
                                    FAKE_AUTHORITY_CONTROL, method,
                                    GLib.Variant(signature, args) if signature else None, None,
                                    Gio.DBusCallFlags.NONE, 5000, None)
        return reply.unpack()

    def polkit(self, action, behaviour):
        self._control("SetBehaviour", "(ss)", (action, behaviour))

    def polkit_calls(self):
        return json.loads(self._control("GetCalls")[0])

    # --- the simulated kernel ------------------------------------------------------------
    def kernel_state(self):
        try:
            with open(self.state_file) as f:
                return json.load(f)
        except FileNotFoundError:
            return {"modules": []}

    def write_kernel_state(self, state):
        with open(self.state_file + ".new", "w") as f:
            json.dump(state, f)
        os.rename(self.state_file + ".new", self.state_file)

    def loaded(self):
        return [m["name"] for m in self.kernel_state().get("modules", [])]

    def managed_objects(self):
        reply = self.conn.call_sync(BUS_NAME, MANAGER_PATH, "org.freedesktop.DBus.ObjectManager",
                                    "GetManagedObjects", None, None, Gio.DBusCallFlags.NONE, 10000,
                                    None)
        return reply.unpack()[0]


class BusTestCase(unittest.TestCase):
    """A fresh bed per test: tests stay independent."""
    bed_options = {}

    def setUp(self):
        self.bed = BusBed(**self.bed_options)

    def tearDown(self):
        failed = not getattr(self._outcome, "success", True)
        if failed or self.daemon_died():
            print(self.bed.log_tail())
        self.bed.stop()

    def daemon_died(self):
        return self.bed.daemon.poll() is not None

    def assertOk(self, result):
        self.assertEqual(result[0], "ok", f"call failed: {result}")
        return result[1]

    def assertError(self, result, name, contains=None):
        self.assertEqual(result[0], "error", f"expected {name}, got {result}")
        self.assertEqual(result[1], name, result)
        if contains:
            self.assertIn(contains, result[2])
        return result[2]

    def assertDaemonAlive(self):
        self.assertIsNone(self.bed.daemon.poll(), "modmgrd died")
        self.assertEqual(self.bed.list()[0], "ok")
