"""wire_contract.h, which modmgrd, modctl and the kernel library spell the wire from, says what
org.modmgr1.xml documents, org.modmgr1.conf lets through and org.modmgr1.policy declares: every
name either side has, the other has too."""
import unittest

from wire_contract import CONTRACT, Interfaces, bus_policy, polkit_actions, read


class WireContractTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.xml = Interfaces(read("dbus", "org.modmgr1.xml"))
        cls.names = CONTRACT.names()

    def test_interfaces_are_the_xml_ones(self):
        self.assertEqual({self.names["kManagerInterface"], self.names["kModuleInterface"]},
                         set(self.xml.members))

    def test_members_are_the_xml_ones(self):
        for kind, interface, block in (("method", "kManagerInterface", "manager_method"),
                                       ("signal", "kManagerInterface", "manager_signal"),
                                       ("property", "kManagerInterface", "manager_property"),
                                       ("property", "kModuleInterface", "module_property")):
            with self.subTest(block=block):
                in_header = CONTRACT.names(block)
                self.assertEqual(sorted(in_header.values()),
                                 sorted(self.xml.members[self.names[interface]][kind]))
                for constant, member in in_header.items():
                    self.assertEqual(constant, "k" + member)

    def test_paths_are_under_the_bus_name(self):
        path = "/" + self.names["kBusName"].replace(".", "/")
        self.assertEqual(self.names["kManagerPath"], path)
        self.assertEqual(self.names["kModulePathPrefix"], path + "/module/")
        self.assertIn("at " + path + "/module/ESCAPED_NAME", read("dbus", "org.modmgr1.xml"))

    def test_errors_are_the_documented_ones(self):
        self.assertEqual(set(CONTRACT.errors.values()), self.xml.errors)
        for short, name in CONTRACT.errors.items():
            self.assertTrue(name.endswith("." + short), name)
        prefix = CONTRACT.names("error")["kPrefix"]
        self.assertEqual(prefix, self.names["kBusName"] + ".Error.")

    def test_flags_are_the_documented_ones(self):
        self.assertEqual(CONTRACT.flags, {name: bit for name, (bit, _) in self.xml.flags.items()})

    def test_each_method_takes_the_documented_flags(self):
        self.assertEqual(set(CONTRACT.masks), set(self.xml.flag_methods))
        for method, mask in CONTRACT.masks.items():
            with self.subTest(method=method):
                documented = 0
                for bit, taken_by in self.xml.flags.values():
                    if method in taken_by:
                        documented |= bit
                self.assertEqual(mask, documented)

    def test_bus_policy_names_the_contract(self):
        owned, destinations, interfaces = bus_policy()
        self.assertEqual(owned, {self.names["kBusName"]})
        self.assertEqual(destinations, {self.names["kBusName"]})
        ours = {i for i in interfaces if i.startswith(self.names["kBusName"] + ".")}
        self.assertEqual(ours, {self.names["kManagerInterface"], self.names["kModuleInterface"]})

    def test_polkit_actions_are_the_contract_ones(self):
        self.assertEqual(sorted(polkit_actions()), sorted(CONTRACT.names("action").values()))


if __name__ == "__main__":
    unittest.main()
