"""Hostile input: every malformed argument gets a typed error, nothing changes, the daemon
lives on. (A NUL byte cannot travel in a D-Bus string at all: the bus rejects such a message
before modmgrd sees it; the library's own check is covered by input_validation_test.)"""
import os
import unittest
import xml.etree.ElementTree as ET

from bus_fixture import ERRORS, BusTestCase

INVALID = ERRORS["InvalidArgument"]
INVALID_ARGS = ERRORS["InvalidArgs"]
PROPERTIES = "org.freedesktop.DBus.Properties"

BAD_NAMES = {
    "empty": "",
    "4 KiB": "a" * 4096,
    "slash": "../../etc/passwd",
    "dot dot": "..",
    "newline": "dummy\nblacklist",
    "space": "dummy numdummies=3",
    "unicode": "dümmy",
    "control byte": "dum\x01my",
    "option-like": "-r",
}

BAD_PARAMETERS = {
    "newline in value": ["numdummies=3\nx=1"],
    "quote in value": ['numdummies="3'],
    "empty key": ["=3"],
    "unicode key": ["nümdummies=3"],
    "4 KiB value": ["numdummies=" + "9" * 4096],
    "too many": [f"p{i}=1" for i in range(1000)],
}


class HostileInput(BusTestCase):
    def test_bad_names_are_invalid_arguments_for_every_method(self):
        for label, name in BAD_NAMES.items():
            with self.subTest(label):
                self.assertError(self.bed.load(name), INVALID)
                self.assertError(self.bed.unload(name), INVALID)
                if "/" not in name:  # a path is a different question for Info
                    self.assertError(self.bed.info(name), INVALID)
        self.assertEqual(self.bed.loaded(), [])
        self.assertDaemonAlive()

    def test_bad_parameters_are_invalid_arguments(self):
        for label, params in BAD_PARAMETERS.items():
            with self.subTest(label):
                self.assertError(self.bed.load("dummy", params), INVALID)
        self.assertEqual(self.bed.loaded(), [])
        self.assertDaemonAlive()

    def test_unknown_flag_bits_are_invalid_args(self):
        for flags in (0x20, 1 << 63, 0xFFFFFFFFFFFFFFFF):
            with self.subTest(hex(flags)):
                self.assertError(self.bed.load("dummy", flags=flags), INVALID_ARGS)
                self.assertError(self.bed.unload("dummy", flags=flags), INVALID_ARGS)
        # Flags a method does not take are unknown to it.
        self.assertError(self.bed.unload("dummy", flags=0x2), INVALID_ARGS)
        self.assertError(self.bed.load("dummy", flags=0x4), INVALID_ARGS)
        self.assertEqual(self.bed.loaded(), [])
        self.assertDaemonAlive()

    def test_info_paths_outside_the_module_tree_are_refused(self):
        for path in ("/etc/shadow", "/proc/self/environ", "../../../etc/shadow"):
            with self.subTest(path):
                self.assertError(self.bed.info(path), INVALID)
        self.assertDaemonAlive()

    def test_load_file_with_a_file_that_is_not_a_module(self):
        result = self.bed.call("LoadFile", "(hast)", (0, [], 0), fd_path="/etc/hostname")
        self.assertEqual(result[0], "error")
        self.assertIn(result[1], (INVALID, ERRORS["KernelRefused"]))
        self.assertEqual(self.bed.loaded(), [])
        self.assertDaemonAlive()


# A value of each argument type the API uses, to call every method.
SAMPLE = {"s": "dummy", "as": [], "t": 0, "b": False, "h": 0}
BUS_ACCESS_DENIED = "org.freedesktop.DBus.Error.AccessDenied"


def api_methods():
    """(interface, method, in-signature) of every method in the interface XML."""
    xml = os.path.join(os.environ["MODMGR_SOURCE_DIR"], "dbus/org.modmgr1.xml")
    for interface in ET.parse(xml).getroot().iter("interface"):
        for method in interface.iter("method"):
            types = [a.get("type") for a in method.iter("arg") if a.get("direction") == "in"]
            yield interface.get("name"), method.get("name"), types


class ConstProperties(BusTestCase):
    """The properties org.modmgr1.xml announces as never changing (EmitsChangedSignal "const")
    are what a client may read once and trust: no caller, root included, can set them with any
    value, and every user reads what root reads."""
    bed_options = {"kernel_state": {"modules": [
        {"name": "fuse", "size": 4096, "depends": [], "users": 1},
    ]}}
    CONST = {("/org/modmgr1", "org.modmgr1.Manager"):
             ["Version", "KernelRelease", "ModulesDirectory", "ConfigurationFiles"],
             ("/org/modmgr1/module/fuse", "org.modmgr1.Module"): ["Name"]}
    # GVariant text: the right type, other types, a nested variant, a long string.
    VALUES = ["'evil'", "@as ['/etc/passwd']", "uint32 7", "<'nested'>", "'" + "a" * 4096 + "'"]

    def get_all(self, path, interface, uid):
        return self.assertOk(self.bed.call("GetAll", "(s)", (interface,), interface=PROPERTIES,
                                           path=path, uid=uid))[0]

    def test_no_caller_can_set_them_and_every_user_reads_what_root_reads(self):
        for (path, interface), names in self.CONST.items():
            before = self.get_all(path, interface, 0)
            for uid in (65534, 0):
                for name in names:
                    for value in self.VALUES:
                        with self.subTest(f"uid {uid} {name} {value[:20]}"):
                            result = self.bed.call("Set", None, f"('{interface}', '{name}', <{value}>)",
                                                   interface=PROPERTIES, path=path, uid=uid)
                            self.assertError(result, "org.freedesktop.DBus.Error.PropertyReadOnly")
                self.assertEqual(self.get_all(path, interface, uid), before)
        self.assertDaemonAlive()


class FileDescriptors(BusTestCase):
    """A message holds its fds until it is answered: the bus itself refuses fds that a method
    does not take (dbus/org.modmgr1.conf), for root too."""

    def call_with_fd(self, interface, method, types, uid):
        signature = "(" + "".join(types) + ")" if types else None
        args = tuple(SAMPLE[t] for t in types) if types else None
        return self.bed.call(method, signature, args, interface=interface, uid=uid,
                             fd_path="/etc/hostname")

    def test_methods_that_take_no_fd_are_refused_one_by_the_bus(self):
        standard = [("org.freedesktop.DBus.Properties", "GetAll", ["s"]),
                    ("org.freedesktop.DBus.Introspectable", "Introspect", []),
                    ("org.freedesktop.DBus.Peer", "Ping", []),
                    ("org.freedesktop.DBus.ObjectManager", "GetManagedObjects", [])]
        for interface, method, types in list(api_methods()) + standard:
            for uid in (0, 65534):
                with self.subTest(f"{method} uid {uid}"):
                    result = self.call_with_fd(interface, method, types, uid)
                    if "h" in types:
                        self.assertNotEqual(result[1], BUS_ACCESS_DENIED, result)
                    else:
                        self.assertError(result, BUS_ACCESS_DENIED)
                        self.assertIn("Rejected send message", result[2])
        self.assertEqual(self.bed.loaded(), [])
        self.assertDaemonAlive()


if __name__ == "__main__":
    unittest.main()
