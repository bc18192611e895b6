"""The host's side of a browser session against Cockpit in the system-test guest, shared by
the cockpit_page scenario's host half (cockpit_page_host.py) and the page's bench
(bench/cockpit-page-load.py).

run-guest starts a host half beside QEMU, with cockpit's 9090 and an sshd's 2222 in the guest
forwarded to ports of the host's loopback and an ssh key made for the run. The guest half
writes "ready" on the results share once cockpit and sshd listen and waits for "done", which
holds the host half's exit status (host_half below). chromium runs on the host, where TCG
does not slow it down.
"""
import argparse
import os
import signal
import subprocess
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

# One condition under TCG on a busy 2-core host (a first login starts cockpit.service, which
# makes its certificate, and a bridge).
STEP_TIMEOUT_S = 90
PASSWORDS = {"admin": "admin-pw", "plain": "plain-pw", "grouped": "grouped-pw"}

_started = time.monotonic()


def log(message):
    print(f"[{time.monotonic() - _started:6.1f}s] {message}", flush=True)


class Failure(Exception):
    pass


class Guest:
    """Commands in the guest as root over ssh, all through one connection: a key exchange
    takes seconds under TCG."""

    def __init__(self, port, key, control_dir):
        self.base = ["ssh", "-F", "/dev/null", "-i", key, "-p", str(port),
                     "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                     "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                     "-o", "ControlMaster=auto", "-o", f"ControlPath={control_dir}/master",
                     "-o", "ControlPersist=yes", "root@127.0.0.1"]

    def run(self, command):
        try:
            done = subprocess.run(self.base + [command], stdin=subprocess.DEVNULL,
                                  capture_output=True, text=True, timeout=STEP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise Failure(f"guest command took over {STEP_TIMEOUT_S}s: {command}")
        if done.returncode != 0:
            raise Failure(f"guest command exited {done.returncode}: {command}\n{done.stderr}")
        return done.stdout

    def loaded(self, module):
        return self.run(f"grep -c '^{module} ' /proc/modules || true").strip() != "0"

    def close(self):
        subprocess.run(self.base[:-1] + ["-O", "exit", "root@127.0.0.1"],
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=10)


class Browser:
    """Headless chromium on cockpit-ws at BASE_URL; every wait is on a condition, bounded by
    its own timeout and by what is left of TOTAL_TIMEOUT_S."""

    def __init__(self, base_url, screenshots, total_timeout_s):
        self.base_url = base_url
        self.screenshots = screenshots
        self.total_timeout_s = total_timeout_s
        options = webdriver.ChromeOptions()
        for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                    "--ignore-certificate-errors", "--window-size=1280,900"):
            options.add_argument(arg)
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.driver.set_page_load_timeout(STEP_TIMEOUT_S)
        self.user = None

    def quit(self):
        self.driver.quit()

    def wait(self, what, condition, timeout=STEP_TIMEOUT_S):
        """Returns condition's first true value; fails naming WHAT after TIMEOUT."""
        left = self.total_timeout_s - (time.monotonic() - _started)
        bound = min(timeout, max(left, 1))
        try:
            return WebDriverWait(self.driver, bound, poll_frequency=0.1,
                                 ignored_exceptions=(WebDriverException,)).until(
                lambda d: condition())
        except TimeoutException:
            cut = "" if bound == timeout else f", all that was left of the session's {self.total_timeout_s}s"
            raise Failure(f"{self.user}: no {what} within {bound:.0f}s{cut}")

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def all(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def shown(self, css):
        """The element CSS when it is displayed, else None."""
        found = self.all(css)
        return found[0] if found and found[0].is_displayed() else None

    def screenshot(self, name):
        os.makedirs(self.screenshots, exist_ok=True)
        path = os.path.join(self.screenshots, f"{name}.png")
        self.driver.save_screenshot(path)
        log(f"screenshot {path}")
        return path

    def text(self):
        return self.driver.execute_script("return document.body ? document.body.innerText : ''")

    def login(self, user, path="/"):
        """Cockpit's login form at PATH, as a person fills it in; returns once it has gone
        (after a successful login the form reloads into Cockpit's shell at PATH)."""
        self.driver.switch_to.default_content()
        # The previous user's session ends with its cookie (the browser is on cockpit's origin
        # by then; before the first login it is on about:blank, where there is none).
        if self.user is not None:
            self.driver.delete_all_cookies()
        self.user = user
        self.driver.get(self.base_url + path)
        self.wait("login form", lambda: self.shown("#login-user-input"))
        self.driver.execute_script("window.localStorage.clear()")
        self.find("#login-user-input").send_keys(user)
        self.find("#login-password-input").send_keys(PASSWORDS[user])
        self.find("#login-button").click()

        def logged_in():
            for css in ("#login-error-message", "#login-fatal-message"):
                error = self.shown(css)
                if error is not None and error.text.strip():
                    raise Failure(f"{user}: the login page says {error.text.strip()!r}")
            return not self.all("#login-user-input") and self.driver.get_cookie("cockpit")
        self.wait("session after logging in", logged_in)
        log(f"{user}: logged in")


def arguments(description):
    """The arguments run-guest gives every host half."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--share", required=True, help="the guest half's folder on the results share")
    parser.add_argument("--screenshots", required=True)
    parser.add_argument("--cockpit-port", type=int, required=True)
    parser.add_argument("--ssh-port", type=int, required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--ready-timeout", type=int, required=True)
    return parser.parse_args()


def wait_for_ready(share, timeout_s):
    """The guest's "ready": polled, since the guest writes it over 9p (no inotify here)."""
    ready = os.path.join(share, "ready")
    deadline = time.monotonic() + timeout_s
    while not os.path.exists(ready):
        if time.monotonic() > deadline:
            raise Failure(f"the guest did not say ready within {timeout_s}s")
        time.sleep(0.2)


def browser_state(browser):
    """What the browser shows after a failure, for the FAIL line: the page's address and the
    start of the top-level page's text. run-guest puts that one line on its summary, the only
    part of a scenario's log that CI is sure to show. The whole text and a screenshot go to
    the log before it."""
    if browser is None:
        return ""
    try:
        name = f"failure-{browser.user or 'before-login'}"
        print(f"screenshot: {browser.screenshot(name)}")
        print(f"page text ({browser.driver.current_url}):\n{browser.text()}")
        browser.driver.switch_to.default_content()
        top = browser.text()
        print(f"top-level page text:\n{top}")
        return f" -- at {browser.driver.current_url}, showing: {' '.join(top.split())[:160]!r}"
    except WebDriverException as unreachable:
        return f" -- the browser cannot tell more: {unreachable.msg}"


def host_half(args, make_browser, body):
    """Runs BODY(browser, guest) once the guest is ready, then writes its exit status to the
    share's "done": 0, or 1 after printing what failed with a screenshot and the page's text.
    MAKE_BROWSER(base_url) starts chromium, which happens while the guest still boots (10 s on
    a busy host). Returns the status."""
    global _started
    # run-guest ends a host half whose guest never got this far: leave through the finally
    # block, so that chromium and the ssh connection go too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    status = 1
    browser = guest = None
    try:
        browser = make_browser(f"https://127.0.0.1:{args.cockpit_port}")
        wait_for_ready(args.share, args.ready_timeout)
        _started = time.monotonic()
        log("the guest is ready")
        guest = Guest(args.ssh_port, args.key, os.path.dirname(args.key))
        log(f"guest kernel {guest.run('uname -r').strip()}, over ssh")
        body(browser, guest)
        status = 0
    except Exception as error:  # noqa: BLE001 -- whatever went wrong, the guest must hear of it
        print(f"FAIL: {error}{browser_state(browser)}", flush=True)
    finally:
        if browser is not None:
            browser.quit()
        if guest is not None:
            guest.close()
        log(f"browser session over, status {status}")
        with open(os.path.join(args.share, "done"), "w") as done:
            done.write(f"{status}\n")
    return status
