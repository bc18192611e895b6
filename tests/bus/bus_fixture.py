"""The bus-test bed: a private dbus-daemon configured like Debian's system bus (default deny,
plus the project's own policy file), the fake polkit authority, and the REAL modmgrd binary
serving the real Debian module tree with a simulated kernel (SimulatedKernel, the test
double: this machine's kernel cannot load modules), under the fd limit its systemd unit
declares. Callers run as the unprivileged user `nobody`, because root is authorized without
polkit.

Environment (set by ctest): MODMGR_BUILD_DIR, MODMGR_SOURCE_DIR, MODMGR_TEST_KERNEL_ROOT, and
in a sanitizer build (cmake -DMODMGR_SANITIZE=...) MODMGR_SANITIZE and the sanitizers' *_OPTIONS.

Every bed ends with a check (BusBed.stop): modmgrd must exit 0 on SIGTERM, as systemd stops it,
and no sanitizer may have reported anything from modmgrd or any modctl the test ran.
"""
import glob
import json
import os
import pickle
import resource
import select
import shutil
import subprocess
import tempfile
import threading
import time
import unittest

from gi.repository import Gio, GLib

import json_schemas
from wire_contract import CONTRACT

NOBODY = 65534
BUS_NAME = CONTRACT.names()["kBusName"]
MANAGER_PATH = CONTRACT.names()["kManagerPath"]
MANAGER = CONTRACT.names()["kManagerInterface"]
# Error names by their last part: ERRORS["InvalidArgument"], ERRORS["AccessDenied"].
ERRORS = CONTRACT.errors
FAKE_AUTHORITY_CONTROL = "org.modmgr1.test.FakeAuthority"
# Callers other than nobody and root: users every Debian system has (base-passwd), because
# dbus-daemon refuses a connection from a uid without a passwd entry.
OTHER_USER, THIRD_USER = 1, 2  # daemon, bin
# What an attack test allows a different caller to wait, and modmgrd's peak RSS. The bound is
# the plain build's (its attacks peak at 50-90 MiB; before the fixes, 2 GiB), scaled by what
# the sanitizer the build has (MODMGR_SANITIZE, set by ctest) adds to the same code: ASan
# about 1.5 times for shadow and redzones plus a quarantine of freed blocks (capped at 16 MiB
# in sanitizer_environment.cmake), peaking at ~120 MiB; TSan its shadow of every byte
# touched, ~370 MiB. Still far below what an unbounded buffer or queue reaches.
PROMPT_SECONDS = 1.0
SANITIZE = os.environ.get("MODMGR_SANITIZE", "")
PEAK_RSS_BOUND = (128 << 20) * (4 if "thread" in SANITIZE else 2 if "address" in SANITIZE else 1)
# Outcomes that are no answer: a call that timed out or lost its connection, or the bus's
# word that the daemon went away without replying.
UNANSWERED = ("unknown", "timeout", "closed", "org.freedesktop.DBus.Error.NoReply",
              "org.freedesktop.DBus.Error.Timeout", "org.freedesktop.DBus.Error.Disconnected",
              "org.freedesktop.DBus.Error.ServiceUnknown")
DRY_RUN, IGNORE_BLACKLIST, NO_DEPENDENCIES, IGNORE_INSTALL_COMMANDS, FIRST_TIME = (
    CONTRACT.flags[name] for name in ("DRY_RUN", "IGNORE_BLACKLIST", "NO_DEPENDENCIES",
                                      "IGNORE_INSTALL_COMMANDS", "FIRST_TIME"))
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
  <!-- As Debian's system.conf: root may read the bus's statistics (e.g. a connection's
       match rules) and monitor it (dbus-monitor: the browser tests count the page's calls). -->
  <policy user="root">
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Debug.Stats"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Monitoring"/>
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


# systemd's DefaultLimitNOFILE (soft:hard), what a unit without LimitNOFILE= gets.
SYSTEMD_DEFAULT_NOFILE = (1024, 524288)


def unit_nofile_limit(source_dir):
    """The file-descriptor limit (soft, hard) that modmgrd.service gives the daemon: the bed
    runs modmgrd with it, so an fd exhaustion happens here where it would in production."""
    def number(value):
        if value == "infinity":
            with open("/proc/sys/fs/nr_open") as f:
                return int(f.read())
        return int(value)

    with open(os.path.join(source_dir, "systemd/modmgrd.service.in")) as f:
        for line in f:
            key, _, value = line.strip().partition("=")
            if key == "LimitNOFILE":
                soft, _, hard = value.strip().partition(":")
                return number(soft), number(hard or soft)
    return SYSTEMD_DEFAULT_NOFILE


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


def as_identity(uid, command, without_capabilities=()):
    """`command` run as `uid` (setpriv needs no passwd entry), with the named capabilities
    (e.g. "sys_module") gone from every set: a root process so started has uid 0 but not
    those capabilities."""
    prefix = []
    if uid != 0:
        prefix = ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups"]
    if without_capabilities:
        dropped = ",".join("-" + c for c in without_capabilities)
        prefix = (prefix or ["setpriv"]) + [f"--bounding-set={dropped}", f"--inh-caps={dropped}"]
    return prefix + list(command)


def run_as_timed(uid, *call_args, without_capabilities=()):
    """One method call from a fresh process running as `uid` (a forked copy of this process
    would inherit GLib's D-Bus worker thread state and hang). Returns what bus_caller.py
    returns: (("ok", reply, unique_name) or ("error", error_name, message), seconds the call
    took inside the caller)."""
    caller = os.path.join(os.path.dirname(__file__), "bus_caller.py")
    command = as_identity(uid, ["/usr/bin/python3", caller], without_capabilities)
    done = subprocess.run(command, input=pickle.dumps(call_args), capture_output=True)
    if done.returncode != 0:
        return ("exception", done.returncode, done.stderr.decode(errors="replace")), None
    return pickle.loads(done.stdout)


def run_as(uid, *call_args, **kw):
    """run_as_timed without the time: ("ok", reply, unique_name) or ("error", name, message)."""
    return run_as_timed(uid, *call_args, **kw)[0]


class Attacker:
    """A hostile caller (a behaviour of bus_attacker.py) running in the background as `uid`."""

    def __init__(self, bed, uid, behaviour, kwargs):
        command = as_identity(uid, ["/usr/bin/python3",
                                    os.path.join(os.path.dirname(__file__), "bus_attacker.py")])
        self.stderr_path = os.path.join(bed.tmp, f"attacker-{len(bed.processes)}.err")
        with open(self.stderr_path, "w") as stderr:
            self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=stderr)
        bed.processes.append(self.process)
        self.process.stdin.write(pickle.dumps((behaviour, bed.address, kwargs)))
        self.process.stdin.close()
        self.output = b""

    def _read(self, timeout, enough):
        """Reads the attacker's stdout until enough() or its end; False at the end."""
        deadline = time.monotonic() + timeout
        fd = self.process.stdout.fileno()
        while not enough():
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise AssertionError(f"the attacker did not get on within {timeout} s" + self.errors())
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return False
            self.output += chunk
        return True

    def wait_started(self, timeout=60):
        if not self._read(timeout, lambda: b"\n" in self.output):
            raise AssertionError("the attacker ended before it started" + self.errors())

    def result(self, timeout=120):
        """What the behaviour returned (after it has ended)."""
        self.wait_started(timeout)
        self._read(timeout, lambda: False)
        if self.process.wait() != 0:
            raise AssertionError(f"the attacker failed ({self.process.returncode})" + self.errors())
        return pickle.loads(self.output.split(b"\n", 1)[1])

    def errors(self):
        with open(self.stderr_path) as f:
            return "\n--- attacker's stderr ---\n" + f.read()[-4000:]


class DaemonWatch:
    """Samples how many fds modmgrd has open, in a thread, while an attack runs."""

    def __init__(self, pid):
        self.pid = pid
        self.max_fds = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample)
        self._thread.start()

    def _sample(self):
        while not self._stop.is_set():
            try:
                self.max_fds = max(self.max_fds, len(os.listdir(f"/proc/{self.pid}/fd")))
            except OSError:
                return  # the daemon is gone: the test says so
            self._stop.wait(0.01)

    def stop(self):
        self._stop.set()
        self._thread.join()
        return self


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
        # modmgrd's runtime directory (/run/modmgrd under systemd).
        self.runtime_dir = os.path.join(self.tmp, "run")
        os.makedirs(self.runtime_dir)
        # modmgrd's --root: the module configuration of a whole system in miniature.
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
            self.polkit_timeout = polkit_timeout
            self._start_daemon()
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

    def _start_daemon(self):
        soft, hard = unit_nofile_limit(self.source_dir)
        # Without CAP_SYS_RESOURCE (a container) no limit can pass this process's hard one;
        # that only lowers what the daemon could raise its soft limit to itself.
        hard = min(hard, resource.getrlimit(resource.RLIMIT_NOFILE)[1])
        soft = min(soft, hard)
        # prlimit execs modmgrd: the process started here is the daemon itself.
        command = ["prlimit", f"--nofile={soft}:{hard}", "--",
                   os.path.join(self.build_dir, "tests/support/modmgrd-simulated"),
                   self.state_file,
                   "--modules-dir", modules_dir(),
                   "--root", self.config_root,
                   "--polkit-timeout", str(self.polkit_timeout),
                   "--runtime-dir", self.runtime_dir,
                   "--log-level", "debug"]
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=self.address,
                   **sanitizer_environment(self.sanitizer_dir, "modmgrd"))
        env.pop("JOURNAL_STREAM", None)
        with open(self.daemon_log, "a") as log:
            self.daemon = subprocess.Popen(command, env=env, stdout=log, stderr=log)
        self.processes.append(self.daemon)
        self._wait(self.daemon_running, "modmgrd to own org.modmgr1")

    def retire(self, process):
        """Ends `process` (SIGTERM) unless it has ended, and stops tracking it: _wait fails as
        soon as any tracked process has exited."""
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=10)
        self.processes.remove(process)

    def restart_daemon(self):
        """A new modmgrd, as systemd's Restart= starts one. A running one is stopped as
        stop_daemon stops it (and must exit cleanly); one the test ended (SIGKILL) is just
        forgotten. The log goes on in the same file."""
        if self.daemon.poll() is None:
            self.stop_daemon()
        else:
            self.processes.remove(self.daemon)
        self._start_daemon()

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
    def call(self, method, signature=None, args=None, **kw):
        """("ok", reply_tuple, caller_unique_name) or ("error", error_name, message)."""
        return self.timed_call(method, signature, args, **kw)[0]

    def timed_call(self, method, signature=None, args=None, uid=NOBODY, interactive=False,
                   fd_path=None, fd_flags=os.O_RDONLY, timeout_ms=30000, path=MANAGER_PATH,
                   interface=MANAGER, destination=BUS_NAME, without_capabilities=()):
        """(call's result, seconds the call itself took). fd_path: a file the caller opens
        with fd_flags and passes as the call's one fd."""
        return run_as_timed(uid, self.address, method, args, signature, interactive, fd_path,
                            timeout_ms, path, interface, destination, fd_flags,
                            without_capabilities=without_capabilities)

    def load(self, name, params=(), flags=0, **kw):
        return self.call("Load", "(sast)", (name, list(params), flags), **kw)

    def unload(self, name, flags=0, **kw):
        return self.call("Unload", "(st)", (name, flags), **kw)

    def list(self, **kw):
        return self.call("List", **kw)

    def info(self, name, **kw):
        return self.call("Info", "(s)", (name,), **kw)

    def modctl(self, *args, uid=NOBODY, timeout=60):
        """Runs modctl; a --json document it prints must match its JSON Schema."""
        modctl = os.path.join(self.build_dir, "client/modctl")
        command = as_identity(uid, [modctl, *args])
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=self.address)
        return json_schemas.check_output(
            modctl, args, subprocess.run(command, env=env, stdin=subprocess.DEVNULL,
                                         capture_output=True, text=True, timeout=timeout))

    def set_blacklisted(self, name, blacklisted, flags=0, **kw):
        return self.call("SetBlacklisted", "(sbt)", (name, blacklisted, flags), **kw)

    def set_options(self, name, params=(), flags=0, **kw):
        return self.call("SetOptions", "(sast)", (name, list(params), flags), **kw)

    def set_load_at_boot(self, name, enabled, flags=0, **kw):
        return self.call("SetLoadAtBoot", "(sbt)", (name, enabled, flags), **kw)

    def set_masked(self, name, masked, flags=0, **kw):
        return self.call("SetMasked", "(sbt)", (name, masked, flags), **kw)

    def configuration(self, name, **kw):
        return self.call("GetConfiguration", "(s)", (name,), **kw)

    # --- attacks ------------------------------------------------------------------------
    def attacker(self, uid, behaviour, **kwargs):
        """Starts bus_attacker.py's `behaviour` as `uid` in the background."""
        return Attacker(self, uid, behaviour, kwargs)

    def scratch_dir(self, uid):
        """A directory of the bed that `uid` owns (where a caller makes its own files)."""
        path = os.path.join(self.tmp, f"home-{uid}")
        os.makedirs(path, exist_ok=True)
        os.chown(path, uid, uid)
        return path

    def watch_daemon(self):
        return DaemonWatch(self.daemon.pid)

    def daemon_peak_rss(self):
        """modmgrd's peak resident set size in bytes (VmHWM)."""
        with open(f"/proc/{self.daemon.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
        raise RuntimeError("no VmHWM in modmgrd's status")

    def log_size(self):
        return os.path.getsize(self.daemon_log)

    def log_since(self, offset):
        """The daemon's log from byte `offset` on, as text."""
        with open(self.daemon_log, "rb") as f:
            f.seek(offset)
            return f.read().decode(errors="replace")

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

    def polkit_for(self, uid, action, behaviour):
        """The fake authority's behaviour for `action` when the subject is `uid`."""
        self._control("SetBehaviourFor", "(uss)", (uid, action, behaviour))

    def polkit_release(self):
        """Answers every hanging check (not authorized), so the calls behind them end."""
        self._control("Release")

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

    # --- what every attack test asks of the daemon (see bus_attack_*_test.py) -------------
    def assertServedPromptly(self, *uids):
        """Other callers, all at the same time, are each answered within PROMPT_SECONDS
        (timed inside the caller): root's List, another uid's Info (default: root)."""
        answers = {}

        def ask(uid):
            if uid == 0:
                answers[uid] = self.bed.timed_call("List", uid=0, timeout_ms=10000)
            else:
                answers[uid] = self.bed.timed_call("Info", "(s)", ("dummy",), uid=uid,
                                                   timeout_ms=10000)

        askers = [threading.Thread(target=ask, args=(uid,)) for uid in uids or (0,)]
        for asker in askers:
            asker.start()
        for asker in askers:
            asker.join()
        for uid, (result, seconds) in sorted(answers.items()):
            self.assertOk(result)
            self.assertLess(seconds, PROMPT_SECONDS, f"uid {uid} waited {seconds:.2f} s")

    def assertTypedError(self, result, *names):
        """An error reply with a D-Bus error name (one of `names`, when given): not a timeout,
        not a lost connection."""
        self.assertEqual(result[0], "error", f"expected an error, got {result}")
        self.assertNotIn(result[1], UNANSWERED, result)
        if names:
            self.assertIn(result[1], names, result)

    def assertOutcomes(self, outcomes, allowed):
        """An attacker's Counter of outcomes holds only `allowed` ones ("ok" or error names)."""
        self.assertTrue(outcomes, "the attacker made no call")
        self.assertLessEqual(set(outcomes), set(allowed), dict(outcomes))

    def assertSurvived(self):
        """Alive, within the memory bound, and serving root promptly."""
        self.assertIsNone(self.bed.daemon.poll(),
                          f"modmgrd died (status {self.bed.daemon.returncode})")
        self.assertLess(self.bed.daemon_peak_rss(), PEAK_RSS_BOUND,
                        "modmgrd's peak RSS (VmHWM) passed the bound")
        self.assertServedPromptly()
