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
import json
import shlex
import sys

from selenium.webdriver.common.by import By

from cockpit_host import PASSWORDS, Browser, Failure, arguments, host_half, log

# The whole browser session, under the guest's own wait for "done" (cockpit_page.sh).
TOTAL_TIMEOUT_S = 600
# The driverless device of the Devices view: run-guest's e1000 NIC (8086:100e).
TEST_DEVICE_DRIVER = "e1000"
PAGE_FRAME = "iframe[name='cockpit1:localhost/modmgr']"
SHELL_INDICATOR = "#super-user-indicator button"


class PageBrowser(Browser):
    """The Kernel modules page's own steps."""

    def login_to_page(self, user):
        """Logs USER in through the login form at the page's address in the shell (/modmgr), as
        a person following a bookmark does, and enters the page's frame.

        From then on nothing here loads a page anew, as nothing does for a person clicking
        through: cockpit-ws ends a session that has had no websocket open for 15 s (its fixed
        cockpit_ws_service_idle), and under TCG on a busy host a fresh load of the shell can
        take longer. The session then ends and the shell shows the login form: that happened
        here to a test that fetched /modmgr right after logging in at /, and most likely in CI
        to the admin user ("no shell's access indicator within 90s"). Logging in at / would
        also open the shell's Overview, which starts PackageKit: 15 s of load under TCG."""
        self.login(user, "/modmgr")
        self.enter_page()

    def enter_page(self):
        self.driver.switch_to.frame(self.wait("page frame", lambda: self.shown(PAGE_FRAME)))
        self.wait_ready()

    def administrative_access(self):
        """Switches the shell to Administrative access with the user's password (sudo)."""
        self.driver.switch_to.default_content()
        indicator = self.wait("shell's access indicator", lambda: self.shown(SHELL_INDICATOR))
        if "Administrative access" not in indicator.text:
            indicator.click()
            field = self.wait("administrative access password prompt",
                              lambda: self.shown("#switch-to-admin-access-password"))
            field.send_keys(PASSWORDS[self.user] + "\n")
            self.wait("Administrative access in the shell",
                      lambda: "Administrative access" in self.find(SHELL_INDICATOR).text
                      and not self.all("#switch-to-admin-access-password"))
        log(f"{self.user}: administrative access")
        self.enter_page()

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
    browser.login_to_page("plain")
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
    browser.login_to_page("grouped")
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
    browser.login_to_page("admin")
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


def main():
    args = arguments(__doc__.splitlines()[0])

    def session(browser, guest):
        for step in (plain_reads_only, grouped_loads_and_unloads, admin_acts):
            step(browser, guest)
            log(f"{step.__name__}: passed")
    return host_half(args, lambda url: PageBrowser(url, args.screenshots, TOTAL_TIMEOUT_S), session)


if __name__ == "__main__":
    sys.exit(main())
