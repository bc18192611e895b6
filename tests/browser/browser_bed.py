"""The browser tests' bed: the bus tests' private system bus with modmgrd-simulated and the
fake polkit authority (tests/bus/bus_fixture.py's BusBed), the REAL cockpit-ws and
cockpit-bridge (`--local-session`: no login, the bridge runs as the user who started
cockpit-ws) serving the page from the source tree, and a REAL headless chromium driven by
selenium.

cockpit-ws and the bridge run as the unprivileged user `nobody` (root is authorized without
polkit, so the greying of actions could not be seen), with DBUS_SYSTEM_BUS_ADDRESS pointing
the bridge at the private bus and XDG_DATA_HOME at a directory whose cockpit/modmgr is the
source's cockpit/ folder (the bridge reads a user's pages there first, uncached).
"""
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "bus"))

from bus_fixture import BusBed, NOBODY, as_identity  # noqa: E402

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402

COCKPIT_WS = "/usr/lib/cockpit/cockpit-ws"
# A page and its first GetManagedObjects take well under a second here: ten is generous.
STARTUP_TIMEOUT = 10


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CockpitBed:
    """BusBed + cockpit-ws as nobody; `url` is the page's address."""

    def __init__(self, **bed_options):
        self.bus = BusBed(**bed_options)
        try:
            self._start_cockpit()
        except BaseException:
            self.bus.stop()
            raise

    def _start_cockpit(self):
        tmp = self.bus.tmp
        data_home = os.path.join(tmp, "xdg-data")
        os.makedirs(os.path.join(data_home, "cockpit"))
        os.symlink(os.path.join(self.bus.source_dir, "cockpit"),
                   os.path.join(data_home, "cockpit", "modmgr"))
        home = self.bus.scratch_dir(NOBODY)
        runtime = os.path.join(home, "run")
        os.makedirs(runtime, mode=0o700)
        os.chown(runtime, NOBODY, NOBODY)
        self.port = free_port()
        env = {
            "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": home,
            "USER": "nobody",
            "XDG_DATA_HOME": data_home,
            "XDG_RUNTIME_DIR": runtime,
            "DBUS_SYSTEM_BUS_ADDRESS": self.bus.address,
            "LANG": "C.UTF-8",
        }
        self.ws_log = os.path.join(tmp, "cockpit-ws.log")
        with open(self.ws_log, "w") as log:
            ws = subprocess.Popen(
                as_identity(NOBODY, [COCKPIT_WS, "--no-tls", "--address", "127.0.0.1",
                                     "--port", str(self.port), "--local-session=cockpit-bridge"]),
                env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
        self.bus.processes.append(ws)
        self.ws = ws
        self.url = f"http://127.0.0.1:{self.port}/cockpit/@localhost/modmgr/index.html"
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=1).close()
                return
            except OSError:
                if ws.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("cockpit-ws did not start:\n" + self.log_tail())
                time.sleep(0.05)

    def start_call_monitor(self):
        """dbus-monitor (root may monitor, as on Debian) recording every method call on the
        bus from now on; CallMonitor.stop() returns them."""
        return CallMonitor(self.bus)

    def log_tail(self):
        with open(self.ws_log, errors="replace") as f:
            text = f.read()[-4000:]
        return f"--- cockpit-ws log ---\n{text}" + self.bus.log_tail()

    def stop(self):
        # The bridge starts a session dbus-daemon and an ssh-agent that outlive cockpit-ws; they
        # stay in its process group (start_new_session above), so they go with it.
        try:
            os.killpg(self.ws.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        self.bus.stop()


class CallMonitor:
    """The method calls made on the bed's bus while it runs, as (path, interface, member)."""

    def __init__(self, bus):
        self.path = os.path.join(bus.tmp, f"monitor-{time.monotonic_ns()}.log")
        with open(self.path, "w") as out:
            self.process = subprocess.Popen(["dbus-monitor", "--address", bus.address,
                                             "type='method_call'"],
                                            stdout=out, stderr=subprocess.STDOUT)
        # dbus-monitor prints its own first exchange with the bus once it monitors.
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while os.path.getsize(self.path) == 0:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("dbus-monitor did not start")
            time.sleep(0.02)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        calls = []
        with open(self.path) as f:
            for line in f:
                match = re.search(r"^method call .* path=([^;]*); interface=([^;]*); member=(\S+)", line)
                if match:
                    calls.append(match.groups())
        return calls


def start_browser():
    """Headless chromium (root needs --no-sandbox) at a fixed window size, so screenshots
    are comparable."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    service = Service(executable_path="/usr/bin/chromedriver")
    return webdriver.Chrome(options=options, service=service)
