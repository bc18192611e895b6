"""SearchModules over the bus, on the Debian module tree the simulated kernel serves: a name
finds its module first, a device's modalias its driver, a description word its module, at most
200 matches, polkit asked about org.modmgr1.inspect with the query; and modctl search, as a
table and as --json (checked against its schema by the bed)."""
import json
import unittest

from bus_fixture import ERRORS, BusTestCase
from fake_sysfs import E1000E_ALIAS
from wire_contract import CONTRACT

INSPECT = "org.modmgr1.inspect"
MATCH = CONTRACT.names("search_match")
MAX_MATCHES = 200


class Search(BusTestCase):
    def search(self, query, **kw):
        return self.assertOk(self.bed.call("SearchModules", "(s)", (query,), timeout_ms=60000, **kw))

    def test_a_name_finds_its_module_first(self):
        matches, truncated = self.search("dummy")
        self.assertEqual(matches[0], ("dummy", MATCH["kName"], "", "", False))
        self.assertFalse(truncated)

    def test_a_modalias_finds_its_driver_and_a_description_word_its_module(self):
        matches, _ = self.search(E1000E_ALIAS)
        by_name = {m[0]: m for m in matches}
        self.assertEqual(by_name["e1000e"], ("e1000e", MATCH["kAlias"], "pci:v00008086d000010D3sv*sd*bc*sc*i*",
                                             "Intel(R) PRO/1000 Network Driver", False))
        matches, _ = self.search("pro/1000 network")
        self.assertIn(("e1000e", MATCH["kDescription"], "Intel(R) PRO/1000 Network Driver",
                       "Intel(R) PRO/1000 Network Driver", False), matches)

    def test_builtin_modules_are_found_and_marked(self):
        matches, _ = self.search("zswap")
        self.assertEqual(matches[0], ("zswap", MATCH["kName"], "", "Compressed cache for swap pages", True))

    def test_at_most_200_matches_and_truncated_says_more(self):
        matches, truncated = self.search("e")
        self.assertEqual(len(matches), MAX_MATCHES)
        self.assertTrue(truncated)

    def test_polkit_is_asked_about_inspect_with_the_query(self):
        self.search("vxlan")
        self.assertEqual([(c["action"], c["details"]) for c in self.bed.polkit_calls()],
                         [(INSPECT, {"query": "vxlan"})])
        self.bed.polkit(INSPECT, "no")
        self.assertError(self.bed.call("SearchModules", "(s)", ("vxlan",)), ERRORS["AccessDenied"])

    def test_modctl_search_prints_a_table_and_json(self):
        table = self.bed.modctl("search", "e1000")
        self.assertEqual(table.returncode, 0, table.stderr)
        lines = table.stdout.splitlines()
        self.assertEqual(lines[0].split(), ["NAME", "MATCH", "DESCRIPTION"])
        self.assertEqual(lines[1].split()[:2], ["e1000", "name"])
        self.assertEqual(lines[2].split()[:2], ["e1000e", "name"])
        self.assertRegex(table.stdout, r"\n\d+ modules found\.\n$")
        self.assertEqual(table.stderr, "")
        builtin = self.bed.modctl("search", "--no-legend", "zswap")
        self.assertEqual(builtin.stdout.splitlines()[0].split()[:3], ["zswap", "(builtin)", "name"])
        document = self.bed.modctl("search", "--json", "pci:v00008086d000010D3sv")
        self.assertEqual(document.returncode, 0, document.stderr)
        found = json.loads(document.stdout)
        self.assertFalse(found["truncated"])
        self.assertIn({"name": "e1000e", "match": "alias",
                       "matched_text": "pci:v00008086d000010D3sv*sd*bc*sc*i*",
                       "description": "Intel(R) PRO/1000 Network Driver", "builtin": False},
                      found["matches"])

    def test_modctl_search_says_on_stderr_when_more_match(self):
        many = self.bed.modctl("search", "e")
        self.assertEqual(many.returncode, 0, many.stderr)
        self.assertEqual(len(many.stdout.splitlines()), 1 + MAX_MATCHES + 2)
        self.assertIn("more modules match than the 200 shown", many.stderr)
        document = json.loads(self.bed.modctl("search", "e", "--json").stdout)
        self.assertTrue(document["truncated"])
        self.assertEqual(len(document["matches"]), MAX_MATCHES)

    def test_modctl_search_of_a_bad_query_is_a_typed_error(self):
        refused = self.bed.modctl("search", "a" * 129)
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("longer than 128 bytes", refused.stderr)


if __name__ == "__main__":
    unittest.main()
