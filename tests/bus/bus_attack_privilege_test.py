"""Attacks on who may do what: root without CAP_SYS_MODULE, shell syntax smuggled into a
modprobe.d install command through Load's parameters, and polkit details that a rule
matching one module would miss (an alias, '-' for '_')."""
import glob
import os
import shutil
import subprocess
import tempfile
import unittest

from bus_fixture import ERRORS, BusBed, BusTestCase, as_identity, modules_dir
from fake_sysfs import E1000E_ALIAS, FakeSysfs

ACCESS_DENIED = ERRORS["AccessDenied"]
INVALID = ERRORS["InvalidArgument"]
CAP_SYS_MODULE = 16


def loaded_module(name):
    return {"name": name, "size": 16384, "users": 0, "depends": [], "parameters": {}, "state": "live"}


def module_file(name):
    return glob.glob(os.path.join(modules_dir(), "kernel/**", name + ".ko"), recursive=True)[0]


def tree(root):
    """Every file under root with its content: what the configuration root holds."""
    files = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                files[os.path.relpath(path, root)] = f.read()
    return files


class RootWithoutCapSysModule(BusTestCase):
    bed_options = {"kernel_state": {"modules": [loaded_module("dummy")]}}
    WITHOUT = ("sys_module",)

    def assertCallerLacksTheCapability(self):
        status = subprocess.run(as_identity(0, ["cat", "/proc/self/status"], self.WITHOUT),
                                capture_output=True, text=True, check=True).stdout
        fields = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
        self.assertEqual(fields["Uid"].split()[0], "0")
        self.assertFalse(int(fields["CapEff"], 16) & (1 << CAP_SYS_MODULE))

    def test_changes_are_denied_reads_work_and_root_with_the_capability_is_unaffected(self):
        self.assertCallerLacksTheCapability()
        FakeSysfs(self.bed).add_device("pci", "0000:00:03.0", E1000E_ALIAS)
        config_before = tree(self.bed.config_root)
        calls = {
            "Load": ("Load", "(sast)", ("loop", [], 0), None),
            "Unload": ("Unload", "(st)", ("dummy", 0), None),
            "LoadFile": ("LoadFile", "(hast)", (0, [], 0), module_file("loop")),
            "SetBlacklisted": ("SetBlacklisted", "(sbt)", ("dummy", True, 0), None),
            "SetOptions": ("SetOptions", "(sast)", ("dummy", ["numdummies=2"], 0), None),
            "SetLoadAtBoot": ("SetLoadAtBoot", "(sbt)", ("dummy", True, 0), None),
            "SetMasked": ("SetMasked", "(sbt)", ("dummy", True, 0), None),
            "LoadForDevice": ("LoadForDevice", "(st)", ("pci/0000:00:03.0", 0), None),
        }
        for label, (method, signature, args, fd_path) in calls.items():
            with self.subTest(label):
                self.assertError(self.bed.call(method, signature, args, uid=0, fd_path=fd_path,
                                               without_capabilities=self.WITHOUT), ACCESS_DENIED)
        self.assertEqual(self.bed.loaded(), ["dummy"])
        self.assertEqual(tree(self.bed.config_root), config_before)

        self.assertOk(self.bed.call("List", uid=0, without_capabilities=self.WITHOUT))
        self.assertOk(self.bed.call("Info", "(s)", ("dummy",), uid=0,
                                    without_capabilities=self.WITHOUT))
        self.assertOk(self.bed.call("ListDevices", "(t)", (0,), uid=0,
                                    without_capabilities=self.WITHOUT))
        # polkit always allows root, so a capability-less root gets no second chance there,
        # and root with the capability never needed one.
        self.bed.polkit("org.modmgr1.load", "no")
        self.assertOk(self.bed.load("loop", uid=0))
        self.assertEqual(sorted(self.bed.loaded()), ["dummy", "loop"])


class InstallCommandInjection:
    """An administrator's install line passes the options to a shell; an allowed caller must
    not get its own shell syntax run as root through it. Mixed into one test case per way of
    quoting $CMDLINE_OPTS in the line."""
    LINE = ""  # the install line; {out} is the file it writes

    def setUp(self):
        self.scratch = tempfile.mkdtemp(prefix="modmgr-install-")
        self.addCleanup(shutil.rmtree, self.scratch, ignore_errors=True)
        self.out = os.path.join(self.scratch, "out")
        self.pwned = os.path.join(self.scratch, "pwned")
        self.bed = BusBed(modprobe_d={"install.conf": self.LINE.format(out=self.out) + "\n"})

    def attacks(self):
        p = self.pwned
        return {
            "$()": f"numdummies=$(id>{p})",
            "backticks": f"numdummies=`id>{p}`",
            "semicolon": f"numdummies=3;id>{p}",
            "newline": f"numdummies=3\nid>{p}",
            "single quote": f"numdummies=3';id>{p};'",
            "pipe": f"numdummies=3|id>{p}",
            "and": f"numdummies=3&&id>{p}",
        }

    def test_shell_syntax_in_parameters_is_refused_and_plain_ones_still_work(self):
        for label, parameter in self.attacks().items():
            with self.subTest(label):
                result = self.bed.load("dummy", [parameter])
                ran = os.path.exists(self.pwned)
                if ran:
                    os.unlink(self.pwned)
                self.assertFalse(ran, "the caller's command ran as root")
                self.assertError(result, INVALID)
        # The line itself keeps working with ordinary options.
        self.assertOk(self.bed.load("dummy", ["numdummies=3"]))
        with open(self.out) as f:
            self.assertIn("numdummies=3", f.read())


class DoubleQuotedInstallLine(InstallCommandInjection, BusTestCase):
    LINE = 'install dummy /bin/sh -c "echo $CMDLINE_OPTS >> {out}"'


class SingleQuotedInstallLine(InstallCommandInjection, BusTestCase):
    LINE = "install dummy /bin/sh -c 'echo $CMDLINE_OPTS >> {out}'"


class UnquotedInstallLine(InstallCommandInjection, BusTestCase):
    LINE = "install dummy echo $CMDLINE_OPTS >> {out}"


class PolkitDetailsNameTheModule(BusTestCase):
    """A polkit rule such as `action.lookup("module") == "dummy"` must see every way of
    naming dummy. Every check is denied here: nothing changes, the details are the point."""
    bed_options = {"kernel_state": {"modules": [loaded_module("dummy"),
                                                loaded_module("ip6_udp_tunnel")]}}

    def setUp(self):
        super().setUp()
        for action in ("load", "unload", "load-file", "configure"):
            self.bed.polkit("org.modmgr1." + action, "no")

    def details_of(self, result, action):
        self.assertError(result, ACCESS_DENIED)
        check = self.bed.polkit_calls()[-1]
        self.assertEqual(check["action"], action)
        return check["details"]

    def test_load_and_unload_carry_the_resolved_module_and_the_requested_name(self):
        cases = [
            ("load", self.bed.load, "rtnl-link-dummy", "dummy"),
            ("load", self.bed.load, "ip6-udp-tunnel", "ip6_udp_tunnel"),
            ("unload", self.bed.unload, "rtnl-link-dummy", "dummy"),
            ("unload", self.bed.unload, "ip6-udp-tunnel", "ip6_udp_tunnel"),
        ]
        for action, method, requested, module in cases:
            with self.subTest(f"{action} {requested}"):
                details = self.details_of(method(requested), "org.modmgr1." + action)
                self.assertEqual(details["module"], module)
                self.assertEqual(details["requested"], requested)

    def test_configuration_carries_the_normalized_name(self):
        calls = {
            "SetBlacklisted": lambda: self.bed.set_blacklisted("ip6-udp-tunnel", True),
            "SetOptions": lambda: self.bed.set_options("ip6-udp-tunnel"),
            "SetLoadAtBoot": lambda: self.bed.set_load_at_boot("ip6-udp-tunnel", True),
            "SetMasked": lambda: self.bed.set_masked("ip6-udp-tunnel", True),
        }
        for label, call in calls.items():
            with self.subTest(label):
                details = self.details_of(call(), "org.modmgr1.configure")
                self.assertEqual(details["module"], "ip6_udp_tunnel")

    def test_load_file_is_authorized_before_the_file_is_read(self):
        # The file is read only once authorized (an unauthorized caller makes modmgrd hold no
        # copy of it while polkit waits), so the details name no module: rules decide
        # load-file by user, parameters and flags.
        result = self.bed.call("LoadFile", "(hast)", (0, ["max_loop=2"], 0), fd_path=module_file("loop"))
        self.assertEqual(self.details_of(result, "org.modmgr1.load-file"),
                         {"parameters": "max_loop=2", "flags": "0x0"})


if __name__ == "__main__":
    unittest.main()
