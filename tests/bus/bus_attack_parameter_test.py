"""Attacks through parameter values: numbers past every width, values a type does not take,
long strings, escapes that look like NUL bytes, many parameters. Each is a typed error naming
the parameter, its type and the value; nothing is loaded and no file is written."""
import os
import unittest

from bus_fixture import ERRORS, BusTestCase, modules_dir

INVALID = ERRORS["InvalidArgument"]
OWNED_MODPROBE = "etc/modprobe.d/zz-modmgr.conf"

# (module, parameter, its declared type, hostile value[, how the message shows what is wrong])
HOSTILE_VALUES = [
    ("dummy", "numdummies", "int", "a b"),
    ("dummy", "numdummies", "int", "2147483648"),            # INT_MAX + 1
    ("dummy", "numdummies", "int", "-2147483649"),           # INT_MIN - 1
    ("dummy", "numdummies", "int", "0x100000000"),
    ("dummy", "numdummies", "int", "18446744073709551616"),  # past 64 bits
    ("dummy", "numdummies", "int", "9" * 1000),
    ("dummy", "numdummies", "int", ""),
    ("dummy", "numdummies", "int", "1,2"),
    ("dummy", "numdummies", "int", "\\x00"),
    ("dummy", "numdummies", "int", "1\\0"),
    ("dummy", "numdummies", "int", "1\\n"),
    ("dummy", "numdummies", "int", "0x"),
    ("dummy", "numdummies", "int", "+-1"),
    ("e1000e", "copybreak", "uint", "-1"),
    ("e1000e", "copybreak", "uint", "4294967296"),
    ("e1000e", "TxIntDelay", "array of int", "1,,2", "element 2, '',"),
    ("e1000e", "TxIntDelay", "array of int", ",".join(["1"] * 300) + ",x", "element 301, 'x',"),
    ("e1000e", "TxIntDelay", "array of int", "1,2147483648", "element 2, '2147483648',"),
    ("vxlan", "udp_port", "ushort", "65536"),
    ("vxlan", "log_ecn_error", "bool", "maybe"),
    ("vxlan", "log_ecn_error", "bool", "o"),
]


class HostileParameterValues(BusTestCase):
    def assertRefused(self, reply, parameter, type_name, shown):
        message = self.assertError(reply, INVALID)
        self.assertRegex(message, f"(^|: ){parameter} is an? {type_name}: ")
        self.assertIn(shown, message)

    def test_load_refuses_each_and_loads_nothing(self):
        for module, parameter, type_name, value, *shown in HOSTILE_VALUES:
            with self.subTest(module=module, value=value[:40]):
                self.assertRefused(self.bed.load(module, [f"{parameter}={value}"]), parameter,
                                   type_name, shown[0] if shown else f"'{value}'")
        self.assertEqual(self.bed.loaded(), [])
        self.assertDaemonAlive()

    def test_set_options_refuses_each_and_writes_nothing(self):
        for module, parameter, type_name, value, *shown in HOSTILE_VALUES:
            with self.subTest(module=module, value=value[:40]):
                self.assertRefused(self.bed.set_options(module, [f"{parameter}={value}"]),
                                   parameter, type_name, shown[0] if shown else f"'{value}'")
        self.assertIsNone(self.bed.read_config(OWNED_MODPROBE))
        self.assertDaemonAlive()

    def test_load_file_refuses_them_against_the_files_declarations(self):
        path = os.path.join(modules_dir(), "kernel/drivers/net/dummy.ko")
        reply = self.bed.call("LoadFile", "(hast)", (0, ["numdummies=2147483648"], 0),
                              fd_path=path)
        self.assertRefused(reply, "numdummies", "int", "'2147483648'")
        self.assertEqual(self.bed.loaded(), [])

    def test_a_bare_key_is_only_a_bools(self):
        message = self.assertError(self.bed.load("dummy", ["numdummies"]), INVALID)
        self.assertIn("numdummies is an int: it needs a value", message)
        self.assertEqual(self.bed.loaded(), [])
        self.assertOk(self.bed.load("vxlan", ["log_ecn_error"]))

    def test_one_bad_value_among_many_parameters_changes_nothing(self):
        good = ["numdummies=1"] * 63
        for params in (good + ["numdummies=x"], ["numdummies=x"] + good):
            self.assertError(self.bed.load("dummy", params), INVALID, "numdummies is an int")
            self.assertError(self.bed.set_options("dummy", params), INVALID, "numdummies is an int")
        self.assertEqual(self.bed.loaded(), [])
        self.assertIsNone(self.bed.read_config(OWNED_MODPROBE))

    def test_values_of_the_edges_of_each_width_pass(self):
        self.assertOk(self.bed.set_options("dummy", ["numdummies=-2147483648"]))
        self.assertOk(self.bed.set_options("e1000e", ["copybreak=4294967295",
                                                      "TxIntDelay=0x7fffffff,-1,010"]))
        self.assertOk(self.bed.load("vxlan", ["udp_port=65535", "log_ecn_error=off"]))


if __name__ == "__main__":
    unittest.main()
