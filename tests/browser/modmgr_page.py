"""A selenium page object for the Kernel modules page, written against the page's DOM
contract only (routes, ids, data- attributes), so the fast layer (cockpit-ws --local-session)
and the real-guest layer (a login through cockpit-ws's form) drive it the same way.

    page = ModmgrPage(driver, "http://127.0.0.1:PORT/cockpit/@localhost/modmgr/index.html")
    page.open("/")                      # and wait until the first listing is shown
    page.loaded_rows()["dummy"]["state"]
    page.open_module("dummy"); page.open_load_form(); page.fill_load_form(numdummies="2")

Behind a login (the real-guest layer), log in through cockpit-ws's form first: the page is
then reachable directly at https://HOST:PORT/cockpit/@localhost/modmgr/index.html with the
session's cookie, outside the shell's frame, and this object drives it the same way.
"""
import time

from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

# What the page is given to catch up with the bus: a D-Bus round trip and a render.
TIMEOUT = 10
ACTIONS = ("load", "unload", "blacklist", "mask", "options", "load-at-boot")


class ModmgrPage:
    def __init__(self, driver, url, timeout=TIMEOUT):
        self.driver = driver
        self.url = url
        self.timeout = timeout

    # --- waiting -----------------------------------------------------------------------
    def wait(self, condition, what, timeout=None):
        """condition()'s first true value, polled every 20 ms; fails naming `what`."""
        deadline = time.monotonic() + (timeout or self.timeout)
        last_error = None
        while True:
            try:
                value = condition()
                if value:
                    return value
            except (StaleElementReferenceException, WebDriverException) as error:
                last_error = error
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}" +
                                     (f" ({last_error.__class__.__name__})" if last_error else ""))
            time.sleep(0.02)

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def visible_text(self, css):
        """The element's text when it is displayed, else ""."""
        found = self.find_all(css)
        return found[0].text if found and found[0].is_displayed() else ""

    # --- navigation ----------------------------------------------------------------------
    def open(self, route="/"):
        """Loads the page afresh at `route` (a cockpit.location path: it reads
        GetPermissions and lists the modules again) and waits for data-ready."""
        if self.driver.current_url.startswith(self.url):
            self.driver.get("about:blank")  # else a new hash would not load the page again
        self.driver.get(f"{self.url}#{route}")
        self.wait(lambda: self.find("body").get_attribute("data-ready") == "true",
                  "the first module listing")

    def show(self, route):
        """Goes to `route` in the page as a link would (no reload); opens the page first
        when it is not open."""
        if not self.driver.current_url.startswith(self.url):
            self.open(route)
        else:
            self.driver.execute_script("window.location.hash = arguments[0]", route)

    def navigate(self, view):
        """Clicks the navigation link of `view`: loaded, search, devices, activity."""
        self.find(f"a#nav-{view}").click()

    def screenshot(self, path):
        """A PNG of the whole page (the window grown to the document's height, at most
        4000 pixels, for the shot)."""
        size = self.driver.get_window_size()
        chrome = size["height"] - self.driver.execute_script("return window.innerHeight")
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.driver.set_window_size(size["width"], min(max(size["height"], height + chrome), 4000))
        try:
            self.driver.save_screenshot(path)
        finally:
            self.driver.set_window_size(size["width"], size["height"])

    # --- loaded modules ----------------------------------------------------------------
    def loaded_rows(self):
        """{name: {column: text}} of the table's rows, in their order (dicts keep it), read
        in one round trip (a call per cell takes seconds for a few dozen rows)."""
        return dict(self.driver.execute_script("""
            return [...document.querySelectorAll("table#loaded-modules tbody tr[data-module]")]
                .map(row => [row.dataset.module, Object.fromEntries(
                    [...row.querySelectorAll("td[data-column]")]
                        .map(cell => [cell.dataset.column, cell.innerText.trim()]))]);"""))

    def loaded_names(self):
        return list(self.loaded_rows())

    def wait_loaded_row(self, name, present=True, timeout=None):
        css = f'table#loaded-modules tbody tr[data-module="{name}"]'
        return self.wait(lambda: bool(self.find_all(css)) == present,
                         f"{name} {'in' if present else 'gone from'} the table", timeout)

    def filter_loaded(self, text):
        box = self.find("input#loaded-filter")
        box.clear()
        box.send_keys(text)

    def sort_loaded(self, column):
        self.find(f'table#loaded-modules th[data-sort="{column}"]').click()

    # --- search ----------------------------------------------------------------------
    def search(self, query):
        """Types `query` and waits for the results to match it; the names found."""
        box = self.find("input#search-input")
        box.clear()
        box.send_keys(query)
        self.wait(lambda: f"q={query}" in self.driver.current_url.replace("%20", " ") or not query,
                  "the search to start")
        self.wait(lambda: self.visible_text("#search-status") not in ("", "Searching…"),
                  "the search results")
        return self.search_names()

    def search_names(self):
        return [row.get_attribute("data-module")
                for row in self.find_all("table#search-results tbody tr[data-module]")]

    # --- module details --------------------------------------------------------------
    def open_module(self, name):
        """Shows /module/NAME (without reloading an open page) and waits for its details."""
        self.show(f"/module/{name}")
        self.wait_module(name)

    def wait_module(self, name):
        self.wait(lambda: self.find(f'section#module-details[data-module="{name}"]').is_displayed(),
                  f"the details of {name}")

    def graph_nodes(self):
        """The modules drawn in the graph, once it is drawn for the module shown (Info's
        name: an alias shown is drawn under the module's name)."""
        self.wait(lambda: self.find("svg#module-graph").get_attribute("data-module") ==
                  self.find("#module-name").text, "the graph")
        return [g.get_attribute("data-node") for g in self.find_all("svg#module-graph g[data-node]")]

    def config_lines(self):
        return [li.text for li in self.find_all("#module-config li:not(.empty)")]

    def module_devices(self):
        return [li.text for li in self.find_all("#module-devices li:not(.empty)")]

    def parameters(self):
        """{parameter: {column: text}} of the parameters table."""
        return {row.get_attribute("data-parameter"): {
                    cell.get_attribute("data-column"): cell.text
                    for cell in row.find_elements(By.CSS_SELECTOR, "td[data-column]")}
                for row in self.find_all("table#module-parameters tr[data-parameter]")}

    def action(self, name):
        """The button of action `name` (one of ACTIONS)."""
        return self.find(f"button#action-{name}")

    def action_states(self):
        """{action: (enabled, text)}."""
        return {name: (self.action(name).is_enabled(), self.action(name).text) for name in ACTIONS}

    def action_reason(self):
        return self.visible_text("#action-reason")

    def action_error(self, wait=True):
        if wait:
            return self.wait(lambda: self.visible_text("#action-error"), "an action's error")
        return self.visible_text("#action-error")

    # --- load form ----------------------------------------------------------------------
    def open_load_form(self):
        self.action("load").click()
        self.wait(lambda: self.find("form#load-form").is_displayed(), "the load form")

    def load_form_parameters(self):
        return [field.get_attribute("data-parameter")
                for field in self.find_all('form#load-form input[data-parameter]')]

    def fill_load_form(self, **values):
        for name, value in values.items():
            field = self.find(f'form#load-form input[data-parameter="{name}"]')
            field.clear()
            field.send_keys(value)

    def submit_load_form(self):
        self.find("#load-submit").click()

    def field_errors(self):
        """{parameter: error text} of the fields showing one."""
        errors = {}
        for field in self.find_all('form#load-form input[data-parameter]'):
            error = field.find_element(By.XPATH, "..").find_elements(By.CSS_SELECTOR, ".field-error")
            if error and error[0].is_displayed():
                errors[field.get_attribute("data-parameter")] = error[0].text
        return errors

    def load_error(self):
        return self.wait(lambda: self.visible_text("#load-error"), "the load error")

    def load_form_open(self):
        found = self.find_all("form#load-form")
        return bool(found) and found[0].is_displayed()

    def cancel_load_form(self):
        self.find("#load-cancel").click()

    # --- unload dialog --------------------------------------------------------------
    def open_unload_dialog(self):
        """Clicks Unload and waits for the dry run's list (or its error): the names listed."""
        self.action("unload").click()
        self.wait(lambda: self.find("#unload-dialog").is_displayed(), "the unload dialog")
        self.wait(lambda: self.unload_list() or self.visible_text("#unload-error"), "the dry run")
        return self.unload_list()

    def unload_list(self):
        return [li.get_attribute("data-module") for li in self.find_all("#unload-dialog li[data-module]")]

    def confirm_unload(self):
        self.find("#unload-confirm").click()

    def cancel_unload(self):
        self.find("#unload-cancel").click()

    def unload_error(self):
        return self.wait(lambda: self.visible_text("#unload-error"), "the unload error")

    def unload_dialog_open(self):
        return self.find("#unload-dialog").is_displayed()

    # --- options -------------------------------------------------------------------------
    def set_options(self, text):
        self.action("options").click()
        box = self.wait(lambda: self.find("input#options-input"), "the options field")
        box.clear()
        box.send_keys(text)
        self.find("#options-submit").click()

    def options_field(self):
        """What the options field shows when opened: the module's options line as written."""
        self.action("options").click()
        box = self.wait(lambda: self.find("input#options-input"), "the options field")
        text = box.get_attribute("value")
        self.find("#options-cancel").click()
        return text

    # --- devices -------------------------------------------------------------------------
    def device_rows(self):
        """{"BUS/NAME": row text} of the devices table."""
        return {row.get_attribute("data-device"): row.text
                for row in self.find_all("table#devices tbody tr[data-device]")}

    def wait_device(self, device, present=True):
        css = f'table#devices tbody tr[data-device="{device}"]'
        return self.wait(lambda: bool(self.find_all(css)) == present, f"device {device}")

    def show_all_devices(self, show_all):
        box = self.find("input#devices-show-all")
        if box.is_selected() != show_all:
            box.click()

    def load_driver(self, device):
        self.find(f'table#devices tr[data-device="{device}"] button.load-driver').click()

    def load_driver_button(self, device):
        return self.find(f'table#devices tr[data-device="{device}"] button.load-driver')

    # --- activity ------------------------------------------------------------------------
    def activity(self):
        """The activity entries' texts, newest first."""
        return [li.text for li in self.find_all("ul#activity li:not(.empty)")]

    def press_escape(self):
        self.find("body").send_keys(Keys.ESCAPE)
