"""Attacks while the kernel refuses every load and unload (kernel.modules_disabled), and on
what the wire carries of the kernel's state (List's taint and signed, GetKernelStatus's
lockdown): a caller polkit refuses learns nothing and is refused first, a file that is no
module is refused as such, a flood changes nothing, and what the kernel says reaches callers
as it is."""
import glob
import os
import unittest

from bus_fixture import ERRORS, NOBODY, OTHER_USER, BusTestCase, modules_dir

ACCESS_DENIED = ERRORS["AccessDenied"]
INVALID = ERRORS["InvalidArgument"]
DISABLED = ERRORS["ModulesDisabled"]
LIMITS_EXCEEDED = ERRORS["LimitsExceeded"]


def module_file(name):
    return glob.glob(os.path.join(modules_dir(), "kernel/**", name + ".ko"), recursive=True)[0]


class ModulesDisabled(BusTestCase):
    bed_options = {"kernel_state": {"modules": [{"name": "dummy", "size": 16384, "depends": []}],
                                    "modules_disabled": True}}
    CHANGES = {
        "Load": ("Load", "(sast)", ("vxlan", [], 0), None, "org.modmgr1.load"),
        "Unload": ("Unload", "(st)", ("dummy", 0), None, "org.modmgr1.unload"),
        "LoadFile": ("LoadFile", "(hast)", (0, [], 0), module_file("vxlan"),
                     "org.modmgr1.load-file"),
    }

    def test_callers_polkit_refuses_are_refused_before_the_kernels_state_is_told(self):
        for label, (method, signature, args, fd_path, action) in self.CHANGES.items():
            with self.subTest(label):
                self.bed.polkit(action, "no")
                self.assertError(self.bed.call(method, signature, args, fd_path=fd_path),
                                 ACCESS_DENIED)
                self.bed.polkit(action, "yes")
                self.assertError(self.bed.call(method, signature, args, fd_path=fd_path),
                                 DISABLED, "until the next boot")
        self.assertEqual(self.bed.loaded(), ["dummy"])
        self.assertSurvived()

    def test_a_file_that_is_no_module_is_refused_as_such(self):
        path = os.path.join(self.bed.scratch_dir(NOBODY), "not-a-module.ko")
        with open(path, "w") as f:
            f.write("hello\n")
        self.assertError(self.bed.call("LoadFile", "(hast)", (0, [], 0), fd_path=path), INVALID)

    def test_a_flood_of_loads_changes_nothing_and_leaves_others_served(self):
        flooder = self.bed.attacker(NOBODY, "flood", method="Load", signature="(sast)",
                                    args=("vxlan", [], 0), connections=8, calls=20,
                                    timeout_ms=120000)
        flooder.wait_started()
        self.assertServedPromptly(0, OTHER_USER)
        self.assertOutcomes(flooder.result(), (DISABLED, LIMITS_EXCEEDED))
        self.assertEqual(self.bed.loaded(), ["dummy"])
        self.assertSurvived()


class KernelStateOnTheWire(BusTestCase):
    """The kernel's words reach callers as they are, in the types the XML declares."""
    bed_options = {"kernel_state": {"modules": [
        {"name": "nvidia", "size": 16384, "depends": [], "taint": "POE", "signed": False}],
        "lockdown": "confidentiality"}}

    def test_list_and_get_kernel_status_have_the_declared_shapes(self):
        rows = self.assertOk(self.bed.call("List", uid=OTHER_USER))[0]
        self.assertEqual(rows, [("nvidia", 16384, 0, [], "live", "POE", False)])
        status = self.assertOk(self.bed.call("GetKernelStatus", uid=OTHER_USER))
        self.assertEqual(status, (0, False, False, "confidentiality"))
        self.assertSurvived()


if __name__ == "__main__":
    unittest.main()
