"""Every modctl command's --json document, end to end, against its JSON Schema
(client/schemas/): bed.modctl() validates each one it sees (json_schemas.py); this test makes
sure every command is seen, and that the schemas are strict enough to catch a wrong shape."""
import json
import os
import re
import subprocess
import unittest

import json_schemas
from bus_fixture import BusTestCase, modules_dir
from modctl_sessions import Monitor, READY


def subcommands(modctl):
    help_text = subprocess.run([modctl, "--help"], capture_output=True, text=True,
                               check=True).stdout
    listing = help_text.split("Subcommands:\n", 1)[1].split("\n\n", 1)[0]
    return [re.match(r"\s+(\S+)", line).group(1) for line in listing.splitlines()]


class JsonSchemas(BusTestCase):
    def setUp(self):
        super().setUp()
        self.modctl_path = os.path.join(self.bed.build_dir, "client/modctl")
        self.seen = set()

    def json_of(self, *args, uid=None):
        done = self.bed.modctl(*args, "--json", **({} if uid is None else {"uid": uid}))
        self.assertEqual(done.returncode, 0, done.stderr)
        self.seen.add(json_schemas.command_and_json(args)[0])
        return json.loads(done.stdout)

    def test_every_command_prints_what_its_schema_says(self):
        monitor = Monitor(self.bed, "--json")
        monitor.wait_for_notice(READY)
        self.json_of("load", "vxlan", uid=0)
        self.json_of("list")
        self.json_of("info", "vxlan")
        self.json_of("info", "e1000e")
        self.json_of("info", "dummy", "udp_tunnel")
        self.json_of("info", os.path.join(modules_dir(), "kernel/drivers/net/dummy.ko"))
        self.json_of("permissions")
        self.json_of("tree", "vxlan")
        self.json_of("tree", "--reverse", "udp_tunnel")
        self.json_of("tree", "--json=pretty")
        self.json_of("blacklist", "dummy", uid=0)
        self.json_of("unblacklist", "dummy", uid=0)
        self.json_of("mask", "ifb", "--now", uid=0)
        self.json_of("unmask", "ifb", uid=0)
        self.json_of("options", "dummy", "numdummies=2", uid=0)
        self.json_of("enable", "dummy", "--now", uid=0)
        self.json_of("config", "dummy")
        self.json_of("config")
        self.json_of("status")
        self.json_of("devices")
        self.json_of("search", "vxlan")
        self.json_of("disable", "dummy", "--now", uid=0)
        self.json_of("unload", "vxlan", uid=0)
        self.assertEqual(len(monitor.events(3)), 3)
        monitor.stop()
        self.seen.add("monitor")
        self.assertEqual(sorted(self.seen),
                         sorted(c for c in subcommands(self.modctl_path) if c != "help"),
                         "a command whose --json output no test checks against its schema")

    def test_a_document_of_the_wrong_shape_is_caught(self):
        for command, document in [
                ("list", {"modules": [{"name": "dummy", "size": -1, "refcount": 0,
                                       "holders": [], "state": "live"}]}),
                ("list", {"modules": [], "extra": 1}),
                ("unload", {"removed": "dummy", "dry_run": False}),
                ("config", {"name": "dummy", "blacklisted": False, "options": [],
                            "load_at_boot": False, "sources": []}),
                ("config", {"entries": [{"name": "dummy", "kind": "alias", "file": "/f",
                                         "line": 1, "text": "alias x dummy", "managed": False}],
                            "truncated": False}),
                ("status", {"version": "1", "kernel_release": "6.1", "loaded_count": 0,
                            "tainted": 0, "taint_flags": [], "modules_disabled": "no",
                            "signatures_enforced": False,
                            "modmgrd_files": {"blacklisted": 0, "masked": 0, "options": 0, "load_at_boot": 0},
                            "config_entries": 0, "truncated": False}),
                ("permissions", {"org.modmgr1.load": "maybe"}),
                ("info", {"name": "dummy", "loaded": "yes"}),
                ("tree", {"modules": [{"name": "dummy", "loaded": True, "builtin": False,
                                       "state": "live"}]}),
                ("tree", {"modules": [{"name": "dummy", "loaded": False, "builtin": False,
                                       "state": None, "depends": [], "holders": []}]}),
                ("search", {"matches": [{"name": "dummy", "match": "glob", "matched_text": "",
                                         "description": "", "builtin": False}],
                            "truncated": False}),
                ("search", {"matches": [{"name": "dummy", "match": "name"}], "truncated": False})]:
            with self.subTest(command=command, document=document):
                with self.assertRaises(AssertionError):
                    json_schemas.check_document(self.modctl_path, command, json.dumps(document))


if __name__ == "__main__":
    unittest.main()
