#!/usr/bin/python3
"""The host's half of the cockpit_page system-test scenario (scenarios/cockpit_page.sh).

run-guest starts this next to QEMU. It waits for the guest's "ready" on the results share,
then drives chromium (headless, selenium) against cockpit-ws in the guest through QEMU's
forwarded port: a login through Cockpit's real login form with a password for each of the
users guest-setup makes, and the Kernel modules page's actions, checked against the guest
kernel's own state, which it reads over ssh (a key run-guest made for this run). It writes its
exit status to "done", which the guest waits for.

  plain    Limited access, no rights: reads only, every action disabled with its reason
  grouped  Limited access, allowed by polkit/examples' group rule: loads vxlan with a
           parameter from the load form, unloads it after a confirmation listing what
           `modctl unload --dry-run vxlan` lists; configuration actions disabled
  admin    group sudo, switches to Administrative access in Cockpit's shell: blacklists
           vxlan (seen in `modctl config`) and unblacklists it, binds a driverless device
           from the Devices view; screenshots of every view

Every wait is on a condition, bounded: a hung browser or guest fails with the step, a
screenshot's path and the page's text.
"""
import argparse
import json
import os
import shlex
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
# The whole browser session, under the guest's own wait for "done" (cockpit_page.sh).
TOTAL_TIMEOUT_S = 600
PASSWORDS = {"admin": "admin-pw", "plain": "plain-pw", "grouped": "grouped-pw"}
# The driverless device of the Devices view: run-guest's e1000 NIC (8086:100e).
TEST_DEVICE_DRIVER = "e1000"
PAGE_FRAME = "iframe[name='cockpit1:localhost/modmgr']"

started = time.monotonic()


def log(message):
    print(f"[{time.monotonic() - started:6.1f}s] {message}", flush=True)


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
    def __init__(self, base_url, screenshots):
        self.base_url = base_url
        self.screenshots = screenshots
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
        left = TOTAL_TIMEOUT_S - (time.monotonic() - started)
        try:
            return WebDriverWait(self.driver, min(timeout, max(left, 1)), poll_frequency=0.1,
                                 ignored_exceptions=(WebDriverException,)).until(
                lambda d: condition())
        except TimeoutException:
            raise Failure(f"{self.user}: no {what} within {timeout}s")

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

    def login(self, user):
        """Cockpit's login form, as a person fills it in; returns once it has gone (after a
        successful login the form reloads into Cockpit's shell)."""
        self.driver.switch_to.default_content()
        # The previous user's session ends with its cookie (the browser is on cockpit's origin
        # by then; before the first login it is on about:blank, where there is none).
        if self.user is not None:
            self.driver.delete_all_cookies()
        self.user = user
        self.driver.get(self.base_url + "/")
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

    def open_page(self, route):
        """The page alone, without the shell (as /cockpit/@localhost/modmgr/index.html)."""
        self.driver.get(f"{self.base_url}/cockpit/@localhost/modmgr/index.html#{route}")
        self.wait_ready()

    def open_in_shell(self):
        """The page inside Cockpit's shell, where the Administrative access switch is."""
        self.driver.get(f"{self.base_url}/modmgr")
        self.wait("shell's access indicator", lambda: self.shown("#super-user-indicator button"))

    def administrative_access(self):
        """Switches the shell to Administrative access with the user's password (sudo)."""
        indicator = "#super-user-indicator button"
        if "Administrative access" not in self.find(indicator).text:
            self.find(indicator).click()
            field = self.wait("administrative access password prompt",
                              lambda: self.shown("#switch-to-admin-access-password"))
            field.send_keys(PASSWORDS[self.user] + "\n")
            self.wait("Administrative access in the shell",
                      lambda: "Administrative access" in self.find(indicator).text
                      and not self.all("#switch-to-admin-access-password"))
        log(f"{self.user}: administrative access")
        self.driver.switch_to.frame(self.wait("page frame", lambda: self.shown(PAGE_FRAME)))
        self.wait_ready()

    def wait_ready(self):
        self.wait("page ready (body[data-ready=true])",
                  lambda: self.all("body[data-ready='true']"))

    def go(self, route):
        self.driver.execute_script("window.location.hash = arguments[0]", "#" + route)

    def module(self, name):
        self.go(f"/module/{name}")
        self.wait(f"details of {name}", lambda: self.shown(f"section#module-details[data-module='{name}']"))

    def nav(self, view):
        self.find(f"a#nav-{view}").click()

    def enabled(self, css):
        """The element CSS when it is displayed and enabled, else None."""
        element = self.shown(css)
        return element if element is not None and element.is_enabled() else None


def visible_reason(browser):
    reason = browser.shown("#action-reason")
    return reason.text.strip() if reason is not None else ""


def plain_reads_only(browser, guest):
    browser.login("plain")
    browser.open_page("/module/vxlan")
    browser.module("vxlan")
    browser.wait("vxlan's parameter udp_port", lambda: browser.all("table#module-parameters tr[data-parameter='udp_port']"))
    actions = browser.wait("action buttons", lambda: browser.all("button[id^='action-']"))
    enabled = [b.get_attribute("id") for b in actions if b.is_enabled()]
    if enabled:
        raise Failure(f"plain: actions enabled for a user without rights: {enabled}")
    reason = browser.wait("the reason the actions are disabled", lambda: visible_reason(browser))
    log(f"plain: {len(actions)} actions disabled, reason shown: {reason!r}")
    browser.screenshot("plain-module")


def grouped_loads_and_unloads(browser, guest):
    browser.login("grouped")
    browser.open_page("/module/vxlan")
    browser.module("vxlan")
    browser.wait("a reason next to the configuration actions", lambda: visible_reason(browser))
    if browser.enabled("#action-blacklist"):
        raise Failure("grouped: Blacklist enabled, but the group rule allows only load and unload")

    browser.wait("enabled Load button", lambda: browser.enabled("#action-load")).click()
    field = browser.wait("udp_port field in the load form",
                         lambda: browser.shown("form#load-form input[data-parameter='udp_port']"))
    field.clear()
    field.send_keys("4790")
    browser.screenshot("grouped-load-form")
    browser.find("#load-submit").click()
    browser.wait("Unload button after loading (the page seeing vxlan loaded)",
                 lambda: browser.enabled("#action-unload"))
    if not guest.loaded("vxlan"):
        raise Failure("grouped: the page shows vxlan loaded, /proc/modules does not list it")
    udp_port = guest.run("cat /sys/module/vxlan/parameters/udp_port").strip()
    if udp_port != "4790":
        raise Failure(f"grouped: /sys/module/vxlan/parameters/udp_port is {udp_port}, not the form's 4790")
    log("grouped: vxlan loaded from the form, /proc/modules and udp_port=4790 say so")

    expected = json.loads(guest.run("modctl --json unload --dry-run vxlan"))["removed"]
    browser.find("#action-unload").click()
    listed_css = "#unload-dialog li[data-module]"
    browser.wait("dry run's list in the unload dialog", lambda: browser.shown(listed_css))
    listed = [li.get_attribute("data-module") for li in browser.all(listed_css)]
    if listed != expected:
        raise Failure(f"grouped: the unload dialog lists {listed}, modctl unload --dry-run vxlan {expected}")
    browser.screenshot("grouped-unload-dialog")
    browser.find("#unload-confirm").click()
    browser.wait("Load button after unloading", lambda: browser.enabled("#action-load"))
    still = [m for m in expected if guest.loaded(m)]
    if still:
        raise Failure(f"grouped: after confirming, /proc/modules still lists {still}")
    log(f"grouped: the unload dialog listed {listed}, as the dry run does; all of them are gone")


def config_entries(guest, module):
    entries = json.loads(guest.run("modctl --json config"))["entries"]
    return [(e["kind"], e["managed"]) for e in entries if e["name"] == module]


def admin_acts(browser, guest):
    browser.login("admin")
    browser.open_in_shell()
    browser.administrative_access()

    browser.module("vxlan")
    button = browser.wait("enabled Blacklist button", lambda: browser.enabled("#action-blacklist"))
    if button.text.strip() != "Blacklist":
        raise Failure(f"admin: vxlan's blacklist button says {button.text!r} before blacklisting")
    button.click()
    browser.wait("Unblacklist on the button",
                 lambda: browser.find("#action-blacklist").text.strip() == "Unblacklist")
    entries = config_entries(guest, "vxlan")
    if ("blacklist", True) not in entries:
        raise Failure(f"admin: modctl config shows no managed blacklist of vxlan: {entries}")
    browser.wait("vxlan's blacklist line in the configuration",
                 lambda: any("blacklist vxlan" in li.text for li in browser.all("#module-config li")))
    browser.screenshot("admin-module-blacklisted")
    browser.find("#action-blacklist").click()
    browser.wait("Blacklist on the button again",
                 lambda: browser.find("#action-blacklist").text.strip() == "Blacklist")
    entries = config_entries(guest, "vxlan")
    if entries:
        raise Failure(f"admin: modctl config still shows vxlan after unblacklisting: {entries}")
    log("admin: the page's blacklist of vxlan was in modctl config, its unblacklist removed it")

    address = guest.run("grep -l 0x100e /sys/bus/pci/devices/*/device | "
                        "xargs -n1 dirname | xargs -n1 basename").split()
    if len(address) != 1:
        raise Failure(f"admin: expected one e1000 NIC (8086:100e) in the guest, found {address}")
    device = f"pci/{address[0]}"
    driver_link = f"/sys/bus/pci/devices/{address[0]}/driver"
    browser.nav("devices")
    row_css = f"table#devices tr[data-device='{device}']"
    row = browser.wait(f"row of the driverless {device}", lambda: browser.shown(row_css))
    if TEST_DEVICE_DRIVER not in row.text:
        raise Failure(f"admin: {device}'s row does not name its candidate {TEST_DEVICE_DRIVER}: {row.text!r}")
    browser.screenshot("devices")
    row.find_element(By.CSS_SELECTOR, "button.load-driver").click()
    browser.wait(f"{device} leaving the list of unbound devices", lambda: not browser.all(row_css))
    bound = guest.run(f"basename \"$(readlink {shlex.quote(driver_link)})\"").strip()
    if bound != TEST_DEVICE_DRIVER:
        raise Failure(f"admin: {device} is bound to {bound!r} after Load driver, not {TEST_DEVICE_DRIVER}")
    log(f"admin: Load driver bound {device} to {TEST_DEVICE_DRIVER}")

    browser.nav("loaded")
    browser.wait("loaded modules table with e1000",
                 lambda: browser.all(f"table#loaded-modules tr[data-module='{TEST_DEVICE_DRIVER}']"))
    browser.screenshot("loaded")
    browser.nav("search")
    browser.find("input#search-input").send_keys("vxlan")
    browser.wait("vxlan among the search results",
                 lambda: browser.all("table#search-results tr[data-module='vxlan']"))
    browser.screenshot("search")
    browser.nav("activity")
    # The activity is what the page saw while open: the driver admin loaded, by root, since
    # in Administrative access the page's calls come from the root bridge.
    browser.wait(f"the load of {TEST_DEVICE_DRIVER} by root in the activity",
                 lambda: any(TEST_DEVICE_DRIVER in li.text and "root" in li.text
                             for li in browser.all("ul#activity li")))
    browser.screenshot("activity")
    browser.module("vxlan")
    browser.wait("vxlan's dependency graph", lambda: browser.all("svg#module-graph g[data-node='vxlan']"))
    browser.screenshot("module")
    guest.run(f"modctl unload {TEST_DEVICE_DRIVER}")


def wait_for_ready(share, timeout_s):
    """The guest's "ready": polled, since the guest writes it over 9p (no inotify here)."""
    ready = os.path.join(share, "ready")
    deadline = time.monotonic() + timeout_s
    while not os.path.exists(ready):
        if time.monotonic() > deadline:
            raise Failure(f"the guest did not say ready within {timeout_s}s")
        time.sleep(0.2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--share", required=True, help="the scenario's folder on the results share")
    parser.add_argument("--screenshots", required=True)
    parser.add_argument("--cockpit-port", type=int, required=True)
    parser.add_argument("--ssh-port", type=int, required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--ready-timeout", type=int, required=True)
    args = parser.parse_args()
    global started
    # run-guest ends a host test whose guest never got this far: leave through the finally
    # blocks, so that chromium and the ssh connection go too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    status = 1
    browser = guest = None
    try:
        # chromium starts while the guest boots: 10 s on a busy host.
        browser = Browser(f"https://127.0.0.1:{args.cockpit_port}", args.screenshots)
        wait_for_ready(args.share, args.ready_timeout)
        started = time.monotonic()
        log("the guest is ready")
        guest = Guest(args.ssh_port, args.key, os.path.dirname(args.key))
        log(f"guest kernel {guest.run('uname -r').strip()}, over ssh")
        for step in (plain_reads_only, grouped_loads_and_unloads, admin_acts):
            step(browser, guest)
            log(f"{step.__name__}: passed")
        status = 0
    except Exception as error:  # noqa: BLE001 -- whatever went wrong, the guest must hear of it
        print(f"FAIL: {error}", flush=True)
        if browser is not None:
            try:
                print(f"screenshot: {browser.screenshot(f'failure-{browser.user}')}")
                print(f"page text ({browser.driver.current_url}):\n{browser.text()}")
                browser.driver.switch_to.default_content()
                print(f"top-level page text:\n{browser.text()}")
            except WebDriverException as unreachable:
                print(f"the browser cannot tell more: {unreachable}")
    finally:
        if browser is not None:
            browser.quit()
        if guest is not None:
            guest.close()
        log(f"browser session over, status {status}")
        with open(os.path.join(args.share, "done"), "w") as done:
            done.write(f"{status}\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
