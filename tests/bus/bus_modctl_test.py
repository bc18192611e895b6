"""modctl end to end, as an unprivileged user, against the real daemon on the private bus."""
import json
import os
import subprocess
import sys
import unittest

from bus_fixture import BusTestCase, modules_dir

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from modinfo_text import parse_modinfo  # noqa: E402

EXIT_DENIED, EXIT_NOT_FOUND, EXIT_IN_USE = 3, 4, 5


def modinfo_text(name):
    """`modinfo` for the test tree."""
    tree = modules_dir()
    root = tree.rsplit("/lib/modules/", 1)[0]
    return subprocess.run(["modinfo", "-b", root, "-k", os.path.basename(tree), name],
                          capture_output=True, text=True, check=True).stdout


def modinfo_fields(name):
    """`modinfo` for the test tree, as {key: [values]} with folded lines joined."""
    return parse_modinfo(modinfo_text(name))


def ordered_lines(text):
    """modinfo's layout as (key, value) lines in order, a value folded over lines (a
    signature's) joined back into one."""
    lines = []
    for line in text.splitlines():
        if line.startswith("\t") and lines:
            lines[-1] = (lines[-1][0], lines[-1][1] + line.strip())
            continue
        key, _, value = line.partition(":")
        lines.append((key, value.lstrip()))
    return lines


class Modctl(BusTestCase):
    def test_load_list_unload_as_a_user(self):
        done = self.bed.modctl("load", "dummy", "numdummies=3")
        self.assertEqual(done.returncode, 0, done.stderr)
        listing = self.bed.modctl("list")
        self.assertEqual(listing.returncode, 0, listing.stderr)
        lines = listing.stdout.splitlines()
        self.assertTrue(lines[0].startswith("Module"), listing.stdout)
        self.assertTrue(any(l.split()[0] == "dummy" for l in lines[1:]), listing.stdout)
        done = self.bed.modctl("unload", "dummy")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(self.bed.loaded(), [])

    def test_json_documents(self):
        self.assertEqual(self.bed.modctl("load", "vxlan").returncode, 0)
        listing = json.loads(self.bed.modctl("list", "--json").stdout)
        names = {m["name"]: m for m in listing["modules"]}
        self.assertEqual(names["udp_tunnel"]["holders"], ["vxlan"])
        self.assertEqual(names["udp_tunnel"]["refcount"], 1)
        removed = json.loads(self.bed.modctl("unload", "vxlan", "--json").stdout)
        self.assertEqual(removed["removed"][0], "vxlan")
        self.assertEqual(len(removed["removed"]), 3)

    def test_distinct_exit_codes_and_one_line_errors(self):
        self.bed.polkit("org.modmgr1.load", "no")
        denied = self.bed.modctl("load", "dummy")
        self.assertEqual(denied.returncode, EXIT_DENIED, denied.stderr)
        self.assertEqual(len(denied.stderr.strip().splitlines()), 1, denied.stderr)
        missing = self.bed.modctl("info", "no_such_module_here")
        self.assertEqual(missing.returncode, EXIT_NOT_FOUND, missing.stderr)
        self.assertEqual(len(missing.stderr.strip().splitlines()), 1, missing.stderr)

    def test_in_use_exit_code(self):
        self.assertEqual(self.bed.modctl("load", "vxlan", uid=0).returncode, 0)
        busy = self.bed.modctl("unload", "udp_tunnel")
        self.assertEqual(busy.returncode, EXIT_IN_USE, busy.stderr)
        self.assertIn("vxlan", busy.stderr)

    def test_without_a_terminal_a_challenge_is_a_clear_refusal(self):
        self.bed.polkit("org.modmgr1.load", "auth")
        refused = self.bed.modctl("load", "dummy")
        self.assertEqual(refused.returncode, EXIT_DENIED, refused.stderr)
        self.assertEqual(self.bed.loaded(), [])
        # No agent was asked for: the call did not allow interaction.
        flags = [c["flags"] for c in self.bed.polkit_calls() if c["action"] == "org.modmgr1.load"]
        self.assertEqual(flags, [0])

    def test_on_a_terminal_a_user_gets_the_agent_and_an_interactive_call(self):
        shared = os.path.join(self.bed.tmp, "shared")
        os.mkdir(shared)
        os.chmod(shared, 0o777)  # the agent runs as nobody
        record = os.path.join(shared, "agent-args")
        agent_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fake-agent")
        self.bed.polkit("org.modmgr1.load", "auth")
        modctl = os.path.join(self.bed.build_dir, "client/modctl")

        def on_a_terminal(arguments):
            # script(1) gives modctl a terminal, as a person at a shell would have.
            return subprocess.run(
                ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                 "script", "-qec", f"{modctl} {arguments}", "/dev/null"],
                env=dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=self.bed.address,
                         PATH=agent_dir + ":" + os.environ["PATH"],
                         MODMGR_FAKE_AGENT_RECORD=record),
                capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)

        done = on_a_terminal("load dummy")
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertEqual(self.bed.loaded(), ["dummy"])
        with open(record) as f:
            args = f.read().split()
        self.assertEqual(args[0], "--process")
        self.assertIn("--fallback", args)
        self.assertIn("--notify-fd", args)
        flags = [c["flags"] for c in self.bed.polkit_calls() if c["action"] == "org.modmgr1.load"]
        self.assertEqual(flags, [1])
        # --no-ask-password on the same terminal: no agent, no interaction, a clear refusal.
        os.unlink(record)
        refused = on_a_terminal("load --no-ask-password vxlan")
        self.assertEqual(refused.returncode, EXIT_DENIED, refused.stdout)
        self.assertFalse(os.path.exists(record), "an agent was started despite --no-ask-password")
        self.assertEqual(self.bed.loaded(), ["dummy"])

    def test_load_from_a_path_uses_load_file(self):
        path = os.path.join(modules_dir(), "kernel/drivers/net/dummy.ko")
        done = self.bed.modctl("load", path)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(self.bed.loaded(), ["dummy"])
        actions = [c["action"] for c in self.bed.polkit_calls()]
        self.assertIn("org.modmgr1.load-file", actions)

    def test_info_json_has_the_same_fields_as_modinfo(self):
        done = self.bed.modctl("info", "e1000e", "--json")
        self.assertEqual(done.returncode, 0, done.stderr)
        info = json.loads(done.stdout)
        expected = modinfo_fields("e1000e")
        single = ("filename", "license", "description", "version", "srcversion", "vermagic",
                  "name", "signer", "sig_key", "sig_hashalgo", "signature", "sig_id")
        for key in single:
            if key in expected:
                self.assertEqual(info.get(key), expected[key][0], key)
        self.assertEqual(info["aliases"], expected["alias"])
        self.assertEqual(info.get("authors", []), expected.get("author", []))
        self.assertIs(info["intree"], expected["intree"] == ["Y"])
        self.assertEqual(",".join(info["depends"]), expected["depends"][0])
        self.assertEqual([p["name"] for p in info["parameters"]],
                         [p.split(":", 1)[0] for p in expected["parm"]])
        self.assertIs(info["loaded"], False)
        self.assertIs(info["blacklisted"], False)

    def test_info_prints_what_modinfo_prints_in_its_order_each_value_once(self):
        # e1000e has license before alias, dummy alias before license; drm repeats license,
        # description and author in turns; unix is builtin, with a key of its own ("file").
        for name in ("e1000e", "dummy", "drm", "unix"):
            with self.subTest(name):
                done = self.bed.modctl("info", name)
                self.assertEqual(done.returncode, 0, done.stderr)
                theirs = ordered_lines(modinfo_text(name))
                ours = ordered_lines(done.stdout)
                self.assertEqual(ours[:len(theirs)], theirs)

    def test_a_builtin_module_is_loaded(self):
        done = self.bed.modctl("info", "unix")
        self.assertEqual(done.returncode, 0, done.stderr)
        lines = ordered_lines(done.stdout)
        self.assertIn(("builtin", "yes"), lines)
        self.assertIn(("loaded", "yes"), lines)
        self.assertIn(("state", "builtin"), lines)
        info = json.loads(self.bed.modctl("info", "unix", "--json").stdout)
        self.assertEqual((info["builtin"], info["loaded"], info["state"]), (True, True, "builtin"))
        self.assertNotIn("unix", [m["name"] for m in
                                  json.loads(self.bed.modctl("list", "--json").stdout)["modules"]])

    def test_name_flag_never_opens_a_file(self):
        # What modmgr-module@fs-btrfs.service passes: systemd unescapes '-' to '/'.
        done = self.bed.modctl("load", "--name", "fs/btrfs")
        self.assertEqual(done.returncode, 2, done.stderr)
        self.assertIn("'/'", done.stderr)
        self.assertEqual(self.bed.polkit_calls(), [])
        self.assertEqual(self.bed.loaded(), [])

    def test_daemon_unreachable(self):
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS="unix:path=/nonexistent/socket")
        done = subprocess.run([os.path.join(self.bed.build_dir, "client/modctl"), "list"], env=env,
                              capture_output=True, text=True, stdin=subprocess.DEVNULL)
        self.assertNotEqual(done.returncode, 0)
        self.assertEqual(len(done.stderr.strip().splitlines()), 1, done.stderr)


class Completion(BusTestCase):
    """What only modmgrd knows, for the shell completions (`modctl __complete`); the rest of
    completion is tested without a bus (client/completions/)."""

    def complete(self, *words):
        done = self.bed.modctl("__complete", *words)
        self.assertEqual(done.returncode, 0, done.stderr)
        kind, *candidates = done.stdout.splitlines()
        self.assertEqual(kind, "words")
        return [c.split("\t")[0] for c in candidates]

    def test_parameters_the_module_declares(self):
        expected = [p.split(":", 1)[0] + "=" for p in modinfo_fields("dummy")["parm"]]
        self.assertTrue(expected)
        self.assertEqual(sorted(self.complete("load", "dummy", "")), sorted(expected))
        self.assertEqual(sorted(self.complete("options", "dummy", expected[0], "")),
                         sorted(expected[1:]))
        lines = self.bed.modctl("__complete", "load", "dummy", "").stdout.splitlines()
        self.assertIn("(int)", lines[1])  # the description, with the type, after a tab
        self.assertEqual(self.complete("load", "no_such_module", ""), [])

    def test_unblacklist_offers_what_modmgrd_blacklisted(self):
        self.assertEqual(self.complete("unblacklist", ""), [])
        self.assertEqual(self.bed.modctl("blacklist", "dummy", uid=0).returncode, 0)
        self.assertEqual(self.complete("unblacklist", ""), ["dummy"])

    def test_nothing_is_asked_of_a_remote_host(self):
        self.assertEqual(self.complete("-H", "server.example", "load", "dummy", ""), [])
        self.assertEqual(self.bed.polkit_calls(), [])


if __name__ == "__main__":
    unittest.main()
