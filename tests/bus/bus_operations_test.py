"""Load, Unload, List, Info over the bus, against the simulated kernel (test double) and the
real Debian module tree: replies, typed errors, objects and signals."""
import json
import os
import threading
import time
import unittest
import xml.etree.ElementTree as ET

from gi.repository import Gio, GLib

from bus_fixture import (ERRORS, BUS_NAME, DRY_RUN, FIRST_TIME, IGNORE_BLACKLIST, NO_DEPENDENCIES,
                         BusTestCase, modules_dir, run_as, NOBODY)
from wire_contract import CONTRACT

EXIT_MODULES_DISABLED = 15


class LoadAndUnload(BusTestCase):
    def test_dependencies_are_inserted_first_and_reported_in_order(self):
        inserted = self.assertOk(self.bed.load("vxlan"))[0]
        self.assertEqual(inserted[-1], "vxlan")
        self.assertEqual(sorted(inserted[:-1]), ["ip6_udp_tunnel", "udp_tunnel"])
        self.assertEqual(sorted(self.bed.loaded()), sorted(inserted))

    def test_already_loaded_is_success_with_nothing_inserted_unless_first_time(self):
        self.assertOk(self.bed.load("dummy"))
        self.assertEqual(self.assertOk(self.bed.load("dummy")), ([], []))
        self.assertError(self.bed.load("dummy", flags=FIRST_TIME), ERRORS["AlreadyLoaded"])

    def test_dry_run_reports_the_plan_and_changes_nothing(self):
        plan = self.assertOk(self.bed.load("vxlan", flags=DRY_RUN))[0]
        self.assertEqual(plan[-1], "vxlan")
        self.assertEqual(self.bed.loaded(), [])

    def test_unknown_module_is_not_found(self):
        self.assertError(self.bed.load("no_such_module_here"), ERRORS["NotFound"])

    def test_unknown_parameter_is_refused_before_anything_is_inserted(self):
        self.assertError(self.bed.load("dummy", ["nosuchparam=1"]), ERRORS["InvalidArgument"],
                         "nosuchparam")
        self.assertEqual(self.bed.loaded(), [])

    def test_unloading_a_dependency_in_use_names_its_holder_and_changes_nothing(self):
        self.assertOk(self.bed.load("vxlan"))
        self.assertError(self.bed.unload("udp_tunnel"), ERRORS["InUse"], "vxlan")
        self.assertEqual(len(self.bed.loaded()), 3)

    def test_unload_removes_every_dependency_nobody_else_uses(self):
        self.assertOk(self.bed.load("vxlan"))
        removed = self.assertOk(self.bed.unload("vxlan"))[0]
        self.assertEqual(removed[0], "vxlan")
        self.assertEqual(sorted(removed[1:]), ["ip6_udp_tunnel", "udp_tunnel"])
        self.assertEqual(self.bed.loaded(), [])

    def test_no_dependencies_flag_gives_rmmod_semantics(self):
        self.assertOk(self.bed.load("vxlan"))
        self.assertEqual(self.assertOk(self.bed.unload("vxlan", flags=NO_DEPENDENCIES)), (["vxlan"],))
        self.assertEqual(sorted(self.bed.loaded()), ["ip6_udp_tunnel", "udp_tunnel"])

    def test_module_used_by_a_process_is_refused_with_its_refcount(self):
        self.assertOk(self.bed.load("dummy"))
        state = self.bed.kernel_state()
        state["modules"][0]["users"] = 2
        self.bed.write_kernel_state(state)
        self.assertError(self.bed.unload("dummy"), ERRORS["InUse"], "2")
        self.assertEqual(self.bed.loaded(), ["dummy"])

    def test_not_loaded_and_builtin_are_told_apart(self):
        self.assertError(self.bed.unload("dummy"), ERRORS["NotLoaded"])
        self.assertError(self.bed.unload("no_such_module_here"), ERRORS["NotFound"])

    def test_kernel_refusal_is_typed_with_the_errno(self):
        self.bed.write_kernel_state({"modules": [], "fail_insert": {"dummy": 129}})  # EKEYREJECTED
        self.assertError(self.bed.load("dummy"), ERRORS["KernelRefused"], "EKEYREJECTED")

    def test_list_is_the_kernels_state(self):
        self.assertOk(self.bed.load("vxlan"))
        entries = {e[0]: e for e in self.assertOk(self.bed.list())[0]}
        self.assertEqual(set(entries), {"vxlan", "udp_tunnel", "ip6_udp_tunnel"})
        name, size, refcount, holders, state, taint, signed = entries["udp_tunnel"]
        self.assertEqual((refcount, holders, state), (1, ["vxlan"], "live"))
        self.assertGreater(size, 0)


class KernelState(BusTestCase):
    """What the kernel says of each module (taint, its signature verdict) and of loading at
    all (kernel.modules_disabled)."""
    bed_options = {"kernel_state": {"modules": [
        {"name": "fuse", "size": 4096, "depends": [], "taint": "OE", "signed": False},
        {"name": "dummy", "size": 4096, "depends": [], "taint": "", "signed": True}]}}

    def test_list_info_and_the_objects_carry_each_modules_taint_and_signature(self):
        rows = {row[0]: row[5:] for row in self.assertOk(self.bed.list())[0]}
        self.assertEqual(rows, {"fuse": ("OE", False), "dummy": ("", True)})
        fuse = self.assertOk(self.bed.info("fuse"))[0]
        self.assertEqual((fuse["taint"], fuse["signed"]), ("OE", False))
        # Not loaded: whether the (Debian, signed) file carries a signature.
        vxlan = self.assertOk(self.bed.info("vxlan"))[0]
        self.assertEqual((vxlan.get("taint"), vxlan["signed"]), (None, True))
        props = self.bed.managed_objects()["/org/modmgr1/module/fuse"]["org.modmgr1.Module"]
        self.assertEqual((props["Taint"], props["Signed"]), ("OE", False))
        listed = json.loads(self.bed.modctl("list", "--json").stdout)["modules"]
        self.assertEqual({m["name"]: (m["taint"], m["signed"]) for m in listed},
                         {"fuse": ("OE", False), "dummy": ("", True)})
        # A taint the kernel adds later (a livepatch's K, say) reaches the object: List makes
        # the registry catch up with what it read.
        state = self.bed.kernel_state()
        state["modules"][0]["taint"] = "OEK"
        self.bed.write_kernel_state(state)
        self.assertOk(self.bed.list())
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            props = self.bed.managed_objects()["/org/modmgr1/module/fuse"]["org.modmgr1.Module"]
            if props["Taint"] == "OEK":
                break
            time.sleep(0.1)
        self.assertEqual(props["Taint"], "OEK")

    def disable_modules(self):
        state = self.bed.kernel_state()
        state["modules_disabled"] = True
        self.bed.write_kernel_state(state)

    def test_modules_disabled_refuses_loads_and_unloads_as_such(self):
        self.disable_modules()
        for result in (self.bed.load("vxlan"), self.bed.load("vxlan", flags=DRY_RUN),
                       self.bed.unload("fuse"),
                       self.bed.call("LoadFile", "(hast)", (0, [], 0),
                                     fd_path=os.path.join(modules_dir(),
                                                          "kernel/drivers/net/vxlan/vxlan.ko"))):
            with self.subTest(result=result):
                self.assertError(result, ERRORS["ModulesDisabled"],
                                 "kernel.modules_disabled is set")
        self.assertEqual(sorted(self.bed.loaded()), ["dummy", "fuse"])
        # Nothing to do is still success.
        self.assertEqual(self.assertOk(self.bed.load("dummy")), ([], []))

    def test_modctl_says_so_with_its_own_exit_status(self):
        self.disable_modules()
        for args in (("load", "vxlan"), ("unload", "fuse")):
            with self.subTest(args=args):
                done = self.bed.modctl(*args)
                self.assertEqual(done.returncode, EXIT_MODULES_DISABLED, done.stderr)
                self.assertIn("kernel.modules_disabled is set", done.stderr)
        self.assertIn("Module loading: disabled until reboot", self.bed.modctl("status").stdout)


class Blacklist(BusTestCase):
    bed_options = {"modprobe_d": {"test-blacklist.conf": "# test\nblacklist dummy\n"}}

    def test_blacklisted_module_is_refused_naming_the_file_unless_ignored(self):
        message = self.assertError(self.bed.load("dummy"), ERRORS["Blacklisted"])
        self.assertIn("test-blacklist.conf:2", message)
        self.assertNotIn("IGNORE_BLACKLIST", message, "a client names its own way round")
        self.assertEqual(self.bed.loaded(), [])
        self.assertOk(self.bed.load("dummy", flags=IGNORE_BLACKLIST))
        self.assertEqual(self.bed.loaded(), ["dummy"])

    def test_a_blacklisted_module_that_is_loaded_already_is_success(self):
        self.assertOk(self.bed.load("dummy", flags=IGNORE_BLACKLIST))
        self.assertEqual(self.assertOk(self.bed.load("dummy")), ([], []))
        self.assertEqual(self.assertOk(self.bed.load("dummy", flags=DRY_RUN)), ([], []))
        done = self.bed.modctl("load", "dummy")
        self.assertEqual((done.returncode, done.stdout, done.stderr), (0, "", ""))
        self.assertEqual(self.bed.loaded(), ["dummy"])

    def test_modctl_names_its_option_not_the_flag(self):
        done = self.bed.modctl("load", "dummy")
        self.assertEqual(done.returncode, 6, done.stderr)
        self.assertIn("test-blacklist.conf:2", done.stderr)
        self.assertIn("--ignore-blacklist", done.stderr)
        self.assertNotIn("IGNORE_BLACKLIST", done.stderr)
        self.assertEqual(self.bed.loaded(), [])


class ParametersOfALoadedModule(BusTestCase):
    """A loaded module keeps its parameter values: a load asking for others says so."""
    EXIT_PARAMETERS_NOT_APPLIED = 12

    def test_the_same_values_succeed_and_others_are_not_applied(self):
        self.assertOk(self.bed.load("dummy", ["numdummies=3"]))
        self.assertEqual(self.assertOk(self.bed.load("dummy", ["numdummies=3"])), ([], []))
        self.assertEqual(self.assertOk(self.bed.load("dummy", ["numdummies=0x3"])), ([], []))
        for flags in (0, DRY_RUN):
            message = self.assertError(self.bed.load("dummy", ["numdummies=4"], flags=flags),
                                       ERRORS["ParametersNotApplied"])
            self.assertIn("dummy is already loaded", message)
            self.assertIn('numdummies=4 (it is "3")', message)
        self.assertEqual(self.bed.managed_objects()["/org/modmgr1/module/dummy"]
                         ["org.modmgr1.Module"]["Parameters"], {"numdummies": "3"})

    def test_a_value_the_daemon_cannot_read_counts_as_not_applied(self):
        # As the kernel shows a parameter of mode 0400 or 0 to nobody but root, or not at all.
        self.bed.write_kernel_state({"modules": [
            {"name": "e1000e", "size": 4096, "depends": [], "users": 0, "parameters": {}}]})
        self.assertError(self.bed.load("e1000e", ["debug=0"]), ERRORS["ParametersNotApplied"],
                         "debug=0 (its value cannot be read)")

    def test_modctl_says_they_were_not_applied_and_how_to_apply_them(self):
        self.assertEqual(self.bed.modctl("load", "dummy", "numdummies=3").returncode, 0)
        done = self.bed.modctl("load", "dummy", "numdummies=4")
        self.assertEqual(done.returncode, self.EXIT_PARAMETERS_NOT_APPLIED, done.stderr)
        self.assertIn("not applied: numdummies=4", done.stderr)
        self.assertIn("modctl unload dummy", done.stderr)
        self.assertIn("modctl options dummy numdummies=4", done.stderr)
        self.assertEqual(done.stdout, "")
        again = self.bed.modctl("load", "dummy", "numdummies=3")
        self.assertEqual((again.returncode, again.stderr), (0, ""))


class SoftdepWarnings(BusTestCase):
    """A softdep is optional: one that fails fails nothing, and the caller and the journal hear
    of it."""
    ENODEV = 19
    bed_options = {"modprobe_d": {"softdep.conf": "softdep dummy pre: ifb\n"},
                   "kernel_state": {"modules": [], "fail_insert": {"ifb": ENODEV}}}

    def test_the_caller_gets_a_warning_for_a_softdep_that_failed(self):
        log_start = self.bed.log_size()
        inserted, warnings = self.assertOk(self.bed.load("dummy"))
        self.assertEqual(inserted, ["dummy"])
        self.assertEqual(len(warnings), 1, warnings)
        self.assertTrue(warnings[0].startswith("softdep ifb not loaded: "), warnings)
        self.assertIn(warnings[0], self.bed.log_since(log_start))

    def test_modctl_prints_it_on_stderr(self):
        done = self.bed.modctl("load", "dummy", uid=0)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout, "inserted dummy\n")
        self.assertRegex(done.stderr, r"^modctl: warning: softdep ifb not loaded: .+\n$")

    def test_a_load_whose_softdeps_all_loaded_has_no_warning(self):
        self.bed.write_kernel_state({"modules": []})
        self.assertEqual(self.assertOk(self.bed.load("dummy")), (["ifb", "dummy"], []))


class ObjectsAndSignals(BusTestCase):
    def collect_signals(self, action, expected_count, timeout=10):
        """Subscribes to everything org.modmgr1 emits, runs action(), waits for the signals."""
        received = []
        loop = GLib.MainLoop()

        def on_signal(conn, sender, path, interface, member, params):
            received.append((interface, member, path, params.unpack()))
            if len(received) >= expected_count:
                loop.quit()

        sub = self.bed.conn.signal_subscribe(BUS_NAME, None, None, None, None,
                                             Gio.DBusSignalFlags.NONE, on_signal)
        result = {}
        worker = threading.Thread(target=lambda: result.setdefault("r", action()))
        worker.start()
        GLib.timeout_add_seconds(timeout, loop.quit)
        loop.run()
        worker.join()
        self.bed.conn.signal_unsubscribe(sub)
        return result["r"], received

    def test_load_and_unload_announce_every_module_once(self):
        result, signals = self.collect_signals(lambda: self.bed.load("vxlan"), 6)
        self.assertOk(result)
        loaded = [s[3][0] for s in signals if s[1] == "ModuleLoaded"]
        added = [s[3][0] for s in signals if s[1] == "InterfacesAdded"]
        self.assertEqual(sorted(loaded), ["ip6_udp_tunnel", "udp_tunnel", "vxlan"])
        self.assertEqual(len(added), 3)
        self.assertIn("/org/modmgr1/module/vxlan", added)
        self.assertIn("/org/modmgr1/module/udp_5ftunnel", added)

        objects = self.bed.managed_objects()
        props = objects["/org/modmgr1/module/udp_5ftunnel"]["org.modmgr1.Module"]
        self.assertEqual(props["Name"], "udp_tunnel")
        self.assertEqual(props["Holders"], ["vxlan"])
        self.assertEqual(props["RefCount"], 1)
        self.assertEqual(props["State"], "live")

        result, signals = self.collect_signals(lambda: self.bed.unload("vxlan"), 6)
        self.assertOk(result)
        unloaded = [s[3][0] for s in signals if s[1] == "ModuleUnloaded"]
        removed = [s[3][0] for s in signals if s[1] == "InterfacesRemoved"]
        self.assertEqual(sorted(unloaded), ["ip6_udp_tunnel", "udp_tunnel", "vxlan"])
        self.assertEqual(len(removed), 3)
        self.assertEqual(self.bed.managed_objects(), {})

    def test_parameters_of_a_loaded_module_are_published(self):
        self.assertOk(self.bed.load("dummy", ["numdummies=3"]))
        props = self.bed.managed_objects()["/org/modmgr1/module/dummy"]["org.modmgr1.Module"]
        self.assertEqual(props["Parameters"].get("numdummies"), "3")


class StartUpState(BusTestCase):
    bed_options = {"kernel_state": {"modules": [
        {"name": "fuse", "size": 4096, "depends": [], "users": 1},
    ]}}

    def test_modules_loaded_before_the_daemon_started_have_objects(self):
        objects = self.bed.managed_objects()
        self.assertIn("/org/modmgr1/module/fuse", objects)
        self.assertError(self.bed.unload("fuse"), ERRORS["InUse"], "1")

    def test_never_changing_properties_are_announced_as_const_and_no_others(self):
        const = "org.freedesktop.DBus.Property.EmitsChangedSignal"
        expected = {"/org/modmgr1": {"Version", "KernelRelease", "ModulesDirectory",
                                     "ConfigurationFiles"},
                    "/org/modmgr1/module/fuse": {"Name"}}
        for path, names in expected.items():
            xml = self.bed.conn.call_sync(BUS_NAME, path, "org.freedesktop.DBus.Introspectable",
                                          "Introspect", None, None, Gio.DBusCallFlags.NONE,
                                          10000, None).unpack()[0]
            interface = [i for i in ET.fromstring(xml).findall("interface")
                         if i.get("name").startswith("org.modmgr1.")][0]
            annotated = {p.get("name") for p in interface.findall("property")
                         if p.find("annotation[@name='%s'][@value='const']" % const) is not None}
            self.assertEqual(annotated, names, path)


class Memory(BusTestCase):
    def test_the_daemon_takes_no_transparent_huge_pages(self):
        # THP_enabled: 0 is PR_SET_THP_DISABLE: no 2 MiB page for a stack that uses a few KiB.
        with open(f"/proc/{self.bed.daemon.pid}/status") as f:
            lines = [line.split() for line in f if line.startswith("THP_enabled:")]
        self.assertEqual(lines, [["THP_enabled:", "0"]])


class Concurrency(BusTestCase):
    bed_options = {"kernel_state": {"modules": [], "insert_delay_ms": 3000}}

    def test_a_slow_load_does_not_block_list_or_info(self):
        slow = threading.Thread(target=lambda: self.bed.load("dummy"))
        slow.start()
        time.sleep(0.5)
        started = time.monotonic()
        self.assertOk(self.bed.list())
        self.assertOk(self.bed.info("vxlan"))
        elapsed = time.monotonic() - started
        slow.join()
        self.assertLess(elapsed, 2.0, "List/Info waited behind the 3 s Load")
        self.assertEqual(self.bed.loaded(), ["dummy"])


class ManyCallers(BusTestCase):
    def test_fifty_concurrent_callers_all_get_answers(self):
        results = [None] * 50
        names = ["dummy", "vxlan", "udp_tunnel", "nf_conntrack", "no_such_module_here"]

        def caller(i):
            name = names[i % len(names)]
            kind = i % 4
            if kind == 0:
                results[i] = self.bed.load(name)
            elif kind == 1:
                results[i] = self.bed.unload(name)
            elif kind == 2:
                results[i] = self.bed.list()
            else:
                results[i] = self.bed.info(name)

        threads = [threading.Thread(target=caller, args=(i,)) for i in range(50)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for i, r in enumerate(results):
            self.assertIsNotNone(r, f"caller {i} got no answer")
            self.assertIn(r[0], ("ok", "error"), r)
            if r[0] == "error":
                self.assertTrue(r[1].startswith(CONTRACT.names("error")["kPrefix"]), f"caller {i}: {r}")
        self.assertDaemonAlive()
        listed = sorted(e[0] for e in self.assertOk(self.bed.list())[0])
        self.assertEqual(listed, sorted(self.bed.loaded()))


if __name__ == "__main__":
    unittest.main()
