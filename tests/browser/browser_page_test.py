"""The Kernel modules page in a real headless chromium against the real cockpit-ws and
cockpit-bridge, on the bus tests' private bus with modmgrd-simulated and the fake polkit
authority (browser_bed.py): every view and action, the greying of actions by GetPermissions,
type errors in the load form that send nothing, a typed bus error shown in place, and the
live update from a change made outside the page. One bed and one browser for the whole
class (starting them is most of the time); each test leaves the state as it found it or
uses modules of its own. Screenshots of each view go to SCREENSHOT_DIR."""
import os
import re
import time
import unittest

from gi.repository import Gio, GLib

from browser_bed import CockpitBed, start_browser
from bus_fixture import BUS_NAME, MANAGER, MANAGER_PATH, NOBODY
from fake_sysfs import E1000E_ALIAS, FakeSysfs
from modmgr_page import ModmgrPage

SCREENSHOT_DIR = os.environ.get("MODMGR_SCREENSHOT_DIR", "build/browser-test/screenshots")
E1000E_DEVICE = "pci/0000:00:03.0"
VIRTIO_DEVICE = "virtio/virtio0"
LOAD, CONFIGURE = "org.modmgr1.load", "org.modmgr1.configure"
DRY_RUN = 0x1
# modmgrd re-reads the kernel this often; a change made behind its back (no uevent in the
# simulation) is seen at the next read.
RESCAN_SECONDS = 5
LIVE_SECONDS = 1.0
# More modules holding mii than the graph draws in a column (graph.js: PER_COLUMN).
MII_HOLDERS = ("3c59x", "starfire", "amd8111e", "pcnet32", "atl1", "winbond_840", "sundance", "e100",
               "hamachi", "8139cp", "8139too", "sis190", "sis900", "epic100")
GRAPH_COLUMN = 12


class KernelModulesPage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cockpit = CockpitBed()
        cls.bed = cls.cockpit.bus
        try:
            sysfs = FakeSysfs(cls.bed)
            sysfs.add_device("pci", "0000:00:03.0", E1000E_ALIAS,
                             "PCI_CLASS=20000\nPCI_ID=8086:10D3\nMODALIAS=" + E1000E_ALIAS + "\n")
            sysfs.add_device("virtio", "virtio0", "virtio:d00000001v00001AF4")
            sysfs.bind("virtio", "virtio0", "virtio_net", "virtio_net")
            for name in ("vxlan", "virtio_net"):
                cls.root("Load", "(sast)", name, [], 0)
            cls.driver = start_browser()
        except BaseException:
            cls.cockpit.stop()
            raise
        cls.page = ModmgrPage(cls.driver, cls.cockpit.url)
        os.makedirs(SCREENSHOT_DIR, exist_ok=True)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.cockpit.stop()

    def setUp(self):
        self.bed.polkit(LOAD, "yes")
        self.bed.polkit(CONFIGURE, "yes")

    def tearDown(self):
        if not getattr(self._outcome, "success", True):
            self.page.screenshot(os.path.join(SCREENSHOT_DIR, f"failed-{self._testMethodName}.png"))
            print(self.cockpit.log_tail())

    @classmethod
    def root(cls, method, signature, *args):
        """A call as root from this process (no process started per call, as the bed's
        callers are: staging and checking stay quick); its reply, unpacked."""
        reply = cls.bed.conn.call_sync(BUS_NAME, MANAGER_PATH, MANAGER, method,
                                       GLib.Variant(signature, args), None,
                                       Gio.DBusCallFlags.NONE, 30000, None)
        return reply.unpack()

    @staticmethod
    def ok(result):
        if result[0] != "ok":
            raise AssertionError(f"call failed: {result}")
        return result[1]

    def shot(self, name):
        self.page.screenshot(os.path.join(SCREENSHOT_DIR, name + ".png"))

    def polkit_calls(self, action):
        return [call for call in self.bed.polkit_calls() if call["action"] == action]

    def unload_as_root(self, name):
        if name in self.bed.loaded():
            self.root("Unload", "(st)", name, 0)

    # --- Loaded modules ------------------------------------------------------------------
    def test_loaded_table_shows_every_module_with_its_columns_filtered_and_sorted(self):
        self.page.open("/")
        rows = self.page.wait(lambda: self.page.loaded_rows().get("vxlan") and self.page.loaded_rows(),
                              "vxlan's row")
        self.assertLessEqual({"vxlan", "udp_tunnel", "ip6_udp_tunnel", "virtio_net"}, set(rows))
        self.assertEqual(rows["udp_tunnel"]["used-by"], "vxlan")
        self.assertEqual(rows["udp_tunnel"]["refcount"], "1")
        self.assertEqual(rows["vxlan"]["state"], "live")
        self.assertEqual(set(rows["vxlan"]), {"name", "size", "used-by", "refcount", "state", "taint"})
        self.assertEqual(self.page.loaded_names(), sorted(rows))
        self.shot("loaded")

        self.page.sort_loaded("name")  # the second click on the sorted column reverses it
        self.assertEqual(self.page.loaded_names(), sorted(rows, reverse=True))
        sizes = {m["name"]: m["size"] for m in self.bed.kernel_state()["modules"]}
        self.page.sort_loaded("size")
        self.assertEqual(self.page.loaded_names(), sorted(rows, key=lambda name: (sizes[name], name)))
        self.page.filter_loaded("udp")
        self.page.wait(lambda: set(self.page.loaded_names()) == {"udp_tunnel", "ip6_udp_tunnel"},
                       "the filtered rows")
        self.page.filter_loaded("")
        self.page.sort_loaded("name")

    def test_the_table_comes_from_one_get_managed_objects_not_a_call_per_module(self):
        monitor = self.cockpit.start_call_monitor()
        self.page.open("/")
        self.page.wait(lambda: "vxlan" in self.page.loaded_names(), "the table")
        time.sleep(0.5)  # anything the page would still ask
        calls = [call for call in monitor.stop() if call[0].startswith("/org/modmgr1")]
        members = [member for _, _, member in calls]
        self.assertEqual(members.count("GetManagedObjects"), 1, calls)
        # The bridge introspects one module object to learn the interface; nothing else is
        # asked of any module object (7 are loaded).
        on_modules = [call for call in calls if call[0].startswith("/org/modmgr1/module/")]
        self.assertLessEqual(len(on_modules), 1, calls)
        self.assertEqual({member for _, _, member in on_modules} - {"Introspect"}, set(), calls)
        self.assertLess(len(calls), 8, calls)

    def test_a_module_loaded_outside_the_page_appears_and_goes_live(self):
        self.page.open("/")
        self.page.driver.execute_script("window.notReloaded = true")
        self.root("Load", "(sast)", "loop", [], 0)  # another client: root's modctl load, as it were
        started = time.monotonic()
        self.page.wait_loaded_row("loop", timeout=LIVE_SECONDS)
        self.assertLess(time.monotonic() - started, LIVE_SECONDS)
        self.root("Unload", "(st)", "loop", 0)
        self.page.wait_loaded_row("loop", present=False, timeout=LIVE_SECONDS)

        # Behind modmgrd's back (modprobe by root on a kernel whose uevent got lost): seen
        # at modmgrd's next read, then on the page at once.
        # A reference count, which changes without any uevent, comes as PropertiesChanged.
        state = self.bed.kernel_state()
        state["modules"].insert(0, {"name": "brd", "size": 4096, "depends": [], "users": 0})
        virtio_net = next(m for m in state["modules"] if m["name"] == "virtio_net")
        virtio_net["users"] = 3
        self.bed.write_kernel_state(state)
        self.page.wait_loaded_row("brd", timeout=RESCAN_SECONDS + LIVE_SECONDS)
        self.page.wait(lambda: self.page.loaded_rows()["virtio_net"]["refcount"] == "3", "the new refcount")
        self.assertTrue(self.page.driver.execute_script("return window.notReloaded === true"))
        state["modules"] = [m for m in state["modules"] if m["name"] != "brd"]
        virtio_net["users"] = 0
        self.bed.write_kernel_state(state)
        self.page.wait_loaded_row("brd", present=False, timeout=RESCAN_SECONDS + LIVE_SECONDS)
        self.page.wait(lambda: self.page.loaded_rows()["virtio_net"]["refcount"] == "0", "the refcount back")

    # --- Search --------------------------------------------------------------------------
    def test_search_finds_modules_loaded_or_not(self):
        self.page.open("/search")
        self.assertEqual(self.page.search("dummy")[0], "dummy")
        self.assertIn("q=dummy", self.page.driver.current_url)
        self.shot("search")
        names = self.page.search("vxlan")
        self.assertIn("vxlan", names)
        self.assertEqual(self.page.visible_text('table#search-results tr[data-module="vxlan"] td[data-column="state"]'),
                         "loaded")
        self.page.find('table#search-results tr[data-module="vxlan"] a').click()
        self.page.wait_module("vxlan")

    # --- Module details ----------------------------------------------------------------
    def test_details_show_info_parameters_configuration_devices_and_graph(self):
        self.root("SetOptions", "(sast)", "vxlan", ["udp_port=4790"], 0)
        self.addCleanup(self.root, "SetOptions", "(sast)", "vxlan", [], 0)
        self.page.open_module("vxlan")
        self.page.wait(lambda: self.page.config_lines(), "the configuration lines")
        self.assertIn("Driver for VXLAN encapsulated traffic", self.page.visible_text("#module-description"))
        parameters = self.page.parameters()
        self.assertEqual(parameters["udp_port"]["type"], "ushort")
        self.assertEqual(parameters["log_ecn_error"]["type"], "bool")
        config = self.page.config_lines()
        self.assertEqual(len(config), 1, config)
        self.assertRegex(config[0], r"^/\S+/modprobe\.d/\S+:\d+ options vxlan udp_port=4790")
        self.assertEqual(set(self.page.graph_nodes()), {"vxlan", "udp_tunnel", "ip6_udp_tunnel"})
        self.shot("module")

        self.page.open_module("udp_tunnel")  # its holder, from the module objects
        self.page.wait(lambda: set(self.page.graph_nodes()) == {"udp_tunnel", "vxlan"}, "udp_tunnel's holder")
        self.page.open_module("virtio_net")
        self.assertEqual(self.page.wait(self.page.module_devices, "virtio_net's devices"), [VIRTIO_DEVICE])
        self.assertEqual(set(self.page.graph_nodes()),
                         {"virtio_net", "net_failover", "failover", "virtio", "virtio_ring"})

    def test_the_graph_is_bounded_and_says_when_it_is_cut(self):
        for name in MII_HOLDERS:
            self.root("Load", "(sast)", name, [], 0)
            self.addCleanup(self.unload_as_root, name)
        self.page.open_module("mii")
        self.page.wait(lambda: "cut" in self.page.find("svg#module-graph").text, "the graph's note")
        nodes = self.page.graph_nodes()
        self.assertIn("mii", nodes)
        self.assertEqual(len([name for name in nodes if name in MII_HOLDERS]), GRAPH_COLUMN, nodes)
        self.shot("module-graph-cut")

    def test_a_module_that_does_not_exist_says_so_in_place(self):
        self.page.show("/module/no_such_module")
        text = self.page.wait(lambda: self.page.visible_text("#module-error"), "the error")
        self.assertIn("no_such_module", text)

    # --- Load ----------------------------------------------------------------------------
    def test_the_forms_type_rules_are_the_daemons(self):
        """params.js, run in the page, against every case of the daemon's own table
        (lib/load/parameter_types_test.cpp): refused there is refused here, with the same
        message where the table has one."""
        with open(os.path.join(self.bed.source_dir, "lib/load/parameter_types_test.cpp")) as f:
            source = f.read()

        def text(literal):  # a C++ string literal's body, as the program sees it
            return literal.replace("\\n", "\n").replace("\\\\", "\\")

        def value(literal):
            return None if literal == "std::nullopt" else text(literal[1:-1])

        string = r'"(?:[^"\\]|\\.)*"'
        cases = [(type_, value(given), stored == "kRefused") for type_, given, stored in re.findall(
            r'\{"([^"]*)", (std::nullopt|' + string + r'), (kRefused|' + string + r')\}', source)]
        # A message the table continues on the next line is joined first.
        messages = [(name, type_, value(given), text(message)) for name, type_, given, message in re.findall(
            r'message_for\("(\w+)", "([^"]*)", (std::nullopt|"[^"]*")\),\s*"([^;]*)"\);',
            re.sub(r'"\s*\n\s*"', "", source))]
        self.assertGreater(len(cases), 100)
        self.assertEqual(len(messages), 7)
        self.page.open("/")
        problems = self.page.driver.execute_async_script(
            "const [cases, messages, done] = arguments;"
            "import('./params.js').then(m => done(["
            "  cases.map(([type, value]) => m.parameterProblem('p', type, value)),"
            "  messages.map(([name, type, value]) => m.parameterProblem(name, type, value))]));",
            [[t, v] for t, v, _ in cases], [[n, t, v] for n, t, v, _ in messages])
        for (type_, value, refused), problem in zip(cases, problems[0]):
            self.assertEqual(problem is not None, refused, (type_, value, problem))
        for (_, _, _, expected), problem in zip(messages, problems[1]):
            self.assertEqual(problem, expected)

    def test_load_form_checks_types_before_sending_and_loads_with_parameters(self):
        self.unload_as_root("dummy")
        self.addCleanup(self.unload_as_root, "dummy")
        self.page.open_module("dummy")
        self.page.wait(lambda: self.page.action("load").is_enabled(), "Load enabled")
        self.page.open_load_form()
        self.assertEqual(self.page.load_form_parameters(), ["numdummies"])
        before = len(self.polkit_calls(LOAD))
        for value, problem in (("a b", "numdummies is an int: 'a b' is not one"),
                               ("2147483648", "numdummies is an int: '2147483648' is out of its range")):
            self.page.fill_load_form(numdummies=value)
            self.page.submit_load_form()
            errors = self.page.wait(self.page.field_errors, "the field's error")
            self.assertIn(problem, errors["numdummies"])
        self.shot("load-form")
        time.sleep(0.3)
        self.assertEqual(len(self.polkit_calls(LOAD)), before, "a checked-out value was sent")
        self.assertNotIn("dummy", self.bed.loaded())

        self.page.fill_load_form(numdummies="0x2")
        self.page.submit_load_form()
        self.page.wait(lambda: not self.page.load_form_open(), "the form to close")
        self.assertIn("dummy", self.bed.loaded())
        self.assertEqual(self.polkit_calls(LOAD)[-1]["details"]["parameters"], "numdummies=0x2")
        self.page.wait(lambda: not self.page.action("load").is_enabled() and self.page.action("unload").is_enabled(),
                       "Unload to be offered instead")

    def test_a_typed_bus_error_is_shown_in_the_load_form(self):
        self.root("SetMasked", "(sbt)", "nbd", True, 0)
        self.addCleanup(self.root, "SetMasked", "(sbt)", "nbd", False, 0)
        self.page.open_module("nbd")
        self.page.open_load_form()
        self.page.submit_load_form()
        error = self.page.load_error()
        self.assertIn("masked", error)
        self.assertIn("nbd", error)
        self.assertTrue(self.page.load_form_open())
        self.shot("load-error")
        self.page.cancel_load_form()
        self.assertNotIn("nbd", self.bed.loaded())

    # --- Unload --------------------------------------------------------------------------
    def test_unload_shows_the_dry_run_and_unloads_only_when_confirmed(self):
        self.addCleanup(self.root, "Load", "(sast)", "vxlan", [], 0)
        expected = self.root("Unload", "(st)", "vxlan", DRY_RUN)[0]
        self.page.open_module("vxlan")
        self.assertEqual(self.page.open_unload_dialog(), expected)
        self.assertEqual(expected[0], "vxlan")
        self.shot("unload-dialog")
        self.page.cancel_unload()
        self.assertIn("vxlan", self.bed.loaded())
        self.assertEqual(self.page.open_unload_dialog(), expected)
        self.page.confirm_unload()
        self.page.wait(lambda: not self.page.unload_dialog_open(), "the dialog to close")
        self.assertFalse(set(expected) & set(self.bed.loaded()))

    def test_unload_of_a_module_in_use_shows_the_error_in_the_dialog(self):
        self.page.open_module("udp_tunnel")
        self.page.action("unload").click()
        self.assertIn("vxlan", self.page.unload_error())
        self.assertFalse(self.page.find("#unload-confirm").is_enabled())
        self.page.cancel_unload()

    # --- Configuration actions ---------------------------------------------------------
    def test_blacklist_mask_options_and_load_at_boot_from_the_page(self):
        self.page.open_module("tun")
        self.page.wait(lambda: self.page.action("blacklist").text == "Blacklist", "Blacklist")
        self.page.action("blacklist").click()
        self.page.wait(lambda: self.page.action("blacklist").text == "Unblacklist", "Unblacklist")
        self.assertTrue(self.root("GetConfiguration", "(s)", "tun")[0]["blacklisted"])
        self.page.wait(lambda: any("blacklist tun" in line for line in self.page.config_lines()),
                       "the blacklist line")
        self.page.action("load-at-boot").click()  # a blacklisted module would not load
        self.assertIn("blacklist", self.page.action_error())
        self.page.action("blacklist").click()
        self.page.wait(lambda: self.page.action("blacklist").text == "Blacklist", "Blacklist again")

        self.page.action("mask").click()
        self.page.wait(lambda: self.page.action("mask").text == "Unmask", "Unmask")
        self.assertTrue(self.root("GetConfiguration", "(s)", "tun")[0]["masked"])
        self.page.action("mask").click()
        self.page.wait(lambda: self.page.action("mask").text == "Mask", "Mask again")

        self.page.action("load-at-boot").click()
        self.page.wait(lambda: self.root("GetConfiguration", "(s)", "tun")[0]["load_at_boot"], "load at boot")
        self.page.wait(lambda: self.page.action("load-at-boot").text == "Don't load at boot", "its toggle")
        self.page.action("load-at-boot").click()
        self.page.wait(lambda: not self.root("GetConfiguration", "(s)", "tun")[0]["load_at_boot"], "not at boot")

    def test_options_are_checked_then_written(self):
        self.addCleanup(self.root, "SetOptions", "(sast)", "dummy", [], 0)
        self.page.open_module("dummy")
        before = len(self.polkit_calls(CONFIGURE))
        self.page.set_options("numdummies=many")
        self.assertIn("numdummies is an int: 'many' is not one", self.page.action_error())
        self.assertEqual(len(self.polkit_calls(CONFIGURE)), before)
        self.page.set_options("numdummies=4")
        self.page.wait(lambda: self.root("GetConfiguration", "(s)", "dummy")[0]["options"] == ["numdummies=4"],
                       "the options written")
        self.page.wait(lambda: any("options dummy numdummies=4" in line for line in self.page.config_lines()),
                       "the options line shown")

    def test_an_option_with_blanks_is_written_quoted_and_shown_so(self):
        self.addCleanup(self.root, "SetOptions", "(sast)", "netconsole", [], 0)
        self.page.open_module("netconsole")
        before = len(self.polkit_calls(CONFIGURE))
        for text, problem in (('netconsole="a b', "A double quote is not closed"),
                              ('netconsole=a"b"', "Double quotes may only enclose a whole value")):
            self.page.set_options(text)
            self.page.wait(lambda: problem in self.page.action_error(wait=False), problem)
        self.assertEqual(len(self.polkit_calls(CONFIGURE)), before)

        self.page.set_options('oops_only=1  netconsole="@/,@10.0.2.2/ eth0"')
        line = 'options netconsole oops_only=1 netconsole="@/,@10.0.2.2/ eth0"'
        self.page.wait(lambda: any(line in text for text in self.page.config_lines()), "the quoted line shown")
        self.assertEqual(self.page.options_field(), 'oops_only=1 netconsole="@/,@10.0.2.2/ eth0"')

    # --- Permissions ---------------------------------------------------------------------
    def test_actions_follow_get_permissions_with_the_reason(self):
        self.bed.polkit(LOAD, "auth")
        self.bed.polkit(CONFIGURE, "no")
        self.page.open("/module/nbd")  # GetPermissions is read when the page connects
        self.page.wait_module("nbd")
        self.page.wait(lambda: not self.page.action("load").is_enabled(), "Load disabled")
        states = self.page.action_states()
        for name in ("blacklist", "mask", "options", "load-at-boot"):
            self.assertFalse(states[name][0], name)
        reason = self.page.action_reason()
        self.assertIn("Load: Turn on administrative access", reason)
        self.assertIn("Blacklist, Mask, Options, Load at boot: Not permitted for this user", reason)
        self.shot("module-limited-access")
        self.page.navigate("devices")
        button = self.page.wait(lambda: self.page.load_driver_button(E1000E_DEVICE), "the device")
        self.assertFalse(button.is_enabled())
        self.assertEqual(button.get_attribute("title"), "Turn on administrative access")

        self.bed.polkit(LOAD, "yes")
        self.bed.polkit(CONFIGURE, "yes")
        self.page.open("/module/nbd")
        self.page.wait_module("nbd")
        self.page.wait(lambda: self.page.action("load").is_enabled(), "Load enabled")
        self.assertEqual(self.page.action_reason(), "")

    # --- Devices -------------------------------------------------------------------------
    def test_devices_without_a_driver_and_load_driver(self):
        self.addCleanup(self.unload_as_root, "e1000e")
        self.page.open("/devices")
        self.page.wait_device(E1000E_DEVICE)
        rows = self.page.device_rows()
        self.assertNotIn(VIRTIO_DEVICE, rows)
        self.assertIn("e1000e", rows[E1000E_DEVICE])
        self.page.show_all_devices(True)
        self.page.wait_device(VIRTIO_DEVICE)
        self.assertIn("virtio_net", self.page.device_rows()[VIRTIO_DEVICE])
        self.shot("devices")
        self.page.show_all_devices(False)
        self.page.wait_device(VIRTIO_DEVICE, present=False)
        state = self.bed.kernel_state()
        state["fail_insert"] = {"e1000e": 1}  # EPERM
        self.bed.write_kernel_state(state)
        self.page.load_driver(E1000E_DEVICE)
        self.page.wait(lambda: "e1000e" in self.page.visible_text(
            f'table#devices tr[data-device="{E1000E_DEVICE}"] .row-note.error'), "the error in the row")
        del state["fail_insert"]
        self.bed.write_kernel_state(state)
        self.page.load_driver(E1000E_DEVICE)
        self.page.wait(lambda: "e1000e" in self.bed.loaded(), "e1000e loaded")
        self.page.wait(lambda: "Loaded e1000e" in self.page.device_rows().get(E1000E_DEVICE, ""),
                       "the row to say so")
        self.page.navigate("loaded")
        self.page.wait_loaded_row("e1000e")

    # --- Activity ------------------------------------------------------------------------
    def test_activity_lists_changes_with_who_made_them(self):
        self.page.open("/activity")
        self.addCleanup(self.unload_as_root, "veth")
        self.addCleanup(self.root, "SetBlacklisted", "(sbt)", "veth", False, 0)
        self.ok(self.bed.load("veth", uid=NOBODY))
        self.page.wait(lambda: any("Loaded veth" in entry and "by nobody (org.modmgr1.load)" in entry
                                   for entry in self.page.activity()), "the load by nobody")
        self.root("SetBlacklisted", "(sbt)", "veth", True, 0)
        self.page.wait(lambda: "Configuration of veth: blacklist = true" in self.page.activity()[0]
                       and "by root" in self.page.activity()[0], "the blacklist by root")
        state = self.bed.kernel_state()
        state["modules"].insert(0, {"name": "brd", "size": 4096, "depends": [], "users": 0})
        self.bed.write_kernel_state(state)
        self.page.wait(lambda: "Loaded brd — outside modmgr" in self.page.activity()[0], "the outside load",
                       timeout=RESCAN_SECONDS + LIVE_SECONDS)
        state["modules"] = [m for m in state["modules"] if m["name"] != "brd"]
        self.bed.write_kernel_state(state)
        self.shot("activity")

    # --- Look ----------------------------------------------------------------------------
    def test_dark_theme_follows_the_shells_choice(self):
        self.page.open("/")
        self.page.driver.execute_script("localStorage.setItem('shell:style', 'dark')")
        self.addCleanup(self.page.open, "/")
        self.addCleanup(self.page.driver.execute_script, "localStorage.removeItem('shell:style')")
        self.page.open("/module/vxlan")
        self.page.wait_module("vxlan")
        self.page.graph_nodes()
        self.assertIn("pf-theme-dark", self.page.find("html").get_attribute("class"))
        self.shot("module-dark")


if __name__ == "__main__":
    unittest.main()
