"""modctl's output conventions end to end, as an unprivileged user against the real daemon on
the private bus: --json=pretty, info -F like modinfo -F, the pager (off without a terminal, on
under script(1)), colour and NO_COLOR, --no-legend, and tree in both directions."""
import json
import os
import subprocess
import unittest

from bus_fixture import NOBODY, BusTestCase, modules_dir
from json_schemas import check_output

ESCAPE = "\x1b["
MARK = "PAGED-BY-TEST"


def modinfo_field(field, name):
    """`modinfo -F FIELD NAME` for the test tree."""
    tree = modules_dir()
    root = tree.rsplit("/lib/modules/", 1)[0]
    return subprocess.run(["modinfo", "-b", root, "-k", os.path.basename(tree), "-F", field, name],
                          capture_output=True, text=True, check=True).stdout


class ModctlOutput(BusTestCase):
    def setUp(self):
        super().setUp()
        self.modctl_path = os.path.join(self.bed.build_dir, "client/modctl")
        # A pager that marks what it shows and says which LESS it got.
        self.pager = os.path.join(self.bed.tmp, "marking-pager")
        with open(self.pager, "w") as f:
            f.write(f'#!/bin/sh\necho "{MARK} LESS=$LESS"\nexec cat\n')
        os.chmod(self.pager, 0o755)

    def env(self, **extra):
        env = {k: v for k, v in os.environ.items()
               if k not in ("NO_COLOR", "LESS", "PAGER", "MODCTL_PAGER", "LC_ALL", "LC_CTYPE")}
        env.update(DBUS_SYSTEM_BUS_ADDRESS=self.bed.address, TERM="xterm", LANG="C.UTF-8",
                   MODCTL_PAGER=self.pager)
        env.update(extra)
        return env

    def piped(self, *args, **env):
        """modctl with stdout and stderr pipes, as a script runs it; its JSON, if any, checked
        against its schema."""
        return check_output(self.modctl_path, args, subprocess.run(
            ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
             self.modctl_path, *args],
            env=self.env(**env), stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=60))

    def on_terminal(self, arguments, **env):
        """modctl on a terminal, as a person at a shell runs it (script(1)); stdout and
        stderr both come out of script's stdout."""
        return subprocess.run(
            ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
             "script", "-qec", f"{self.modctl_path} {arguments}", "/dev/null"],
            env=self.env(**env), stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=60)

    # --json=pretty

    def test_pretty_json_parses_and_is_indented(self):
        self.assertOk(self.bed.load("dummy"))
        short = self.piped("list", "--json")
        pretty = self.piped("list", "--json=pretty")
        self.assertEqual(pretty.returncode, 0, pretty.stderr)
        self.assertEqual(json.loads(pretty.stdout), json.loads(short.stdout))
        self.assertEqual(len(short.stdout.splitlines()), 1)
        self.assertTrue(pretty.stdout.startswith('{\n  "modules": [\n    {\n'), pretty.stdout)
        info = self.piped("--json=pretty", "info", "e1000e")
        self.assertEqual(json.loads(info.stdout)["name"], "e1000e")
        self.assertIn('\n  "name": "e1000e"', info.stdout)
        self.assertEqual(self.piped("list", "--json=off").stdout.splitlines()[0].split(),
                         ["Module", "Size", "Used", "by"])
        bad = self.piped("list", "--json=yaml")
        self.assertEqual(bad.returncode, 2)
        self.assertEqual(bad.stdout, "")

    # info -F

    def test_field_prints_what_modinfo_dash_f_prints(self):
        for field, name in (("alias", "e1000e"), ("depends", "vxlan"), ("depends", "dummy"),
                            ("license", "e1000e"), ("vermagic", "dummy"), ("intree", "vxlan"),
                            ("signer", "e1000e"), ("filename", "vxlan"), ("author", "e1000e")):
            with self.subTest(field=field, name=name):
                done = self.piped("info", "-F", field, name)
                self.assertEqual(done.returncode, 0, done.stderr)
                self.assertEqual(done.stdout, modinfo_field(field, name))
        # Parameters as modinfo prints them; their order is Info's (issue 13, item 6).
        parm = self.piped("info", "--field=parm", "e1000e")
        self.assertEqual(sorted(parm.stdout.splitlines()),
                         sorted(modinfo_field("parm", "e1000e").splitlines()))
        self.assertIn("debug:Debug level (0=none,...,16=all) (int)", parm.stdout.splitlines())

    def test_a_field_the_module_lacks_prints_nothing_and_succeeds(self):
        self.assertEqual(modinfo_field("firmware", "dummy"), "")
        done = self.piped("info", "-F", "firmware", "dummy")
        self.assertEqual((done.returncode, done.stdout, done.stderr), (0, "", ""))

    def test_live_fields_too(self):
        self.assertEqual(self.piped("info", "-F", "loaded", "vxlan").stdout, "no\n")
        self.assertOk(self.bed.load("vxlan"))
        self.assertEqual(self.piped("info", "-Floaded", "vxlan").stdout, "yes\n")
        self.assertEqual(self.piped("info", "-F", "holders", "udp_tunnel").stdout, "vxlan\n")

    # The pager

    def test_no_pager_without_a_terminal(self):
        done = self.piped("info", "e1000e")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertNotIn(MARK, done.stdout)
        self.assertTrue(done.stdout.startswith("filename:"), done.stdout[:200])

    def test_on_a_terminal_the_output_goes_through_the_pager(self):
        done = self.on_terminal("info e1000e")
        self.assertEqual(done.returncode, 0, done.stdout)
        lines = done.stdout.splitlines()
        self.assertEqual(lines[0], f"{MARK} LESS=FRXMK", done.stdout[:300])
        self.assertTrue(lines[1].startswith("filename:"), lines[1])
        # The user's LESS stays.
        self.assertIn(f"{MARK} LESS=SR", self.on_terminal("list", LESS="SR").stdout)
        # PAGER when MODCTL_PAGER is unset; shell syntax goes through sh.
        shell = self.on_terminal("list", MODCTL_PAGER=f"{self.pager} | tr a-z A-Z")
        self.assertIn("MODULE", shell.stdout)
        del_env = self.env()
        del del_env["MODCTL_PAGER"]
        done = subprocess.run(
            ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
             "script", "-qec", f"{self.modctl_path} list", "/dev/null"],
            env=dict(del_env, PAGER=self.pager), stdin=subprocess.DEVNULL, capture_output=True,
            text=True, timeout=60)
        self.assertIn(MARK, done.stdout)

    def test_the_pager_is_turned_off_by_option_or_variable(self):
        for arguments, env in (("--no-pager list", {}), ("list", {"MODCTL_PAGER": ""}),
                               ("list", {"MODCTL_PAGER": "cat"}), ("list", {"TERM": "dumb"})):
            with self.subTest(arguments=arguments, env=env):
                done = self.on_terminal(arguments, **env)
                self.assertEqual(done.returncode, 0, done.stdout)
                self.assertNotIn(MARK, done.stdout)
                self.assertIn("Module", done.stdout)

    def test_changes_errors_and_monitor_never_reach_the_pager(self):
        loaded = self.on_terminal("load dummy", MODCTL_PAGER=self.pager)
        self.assertEqual(loaded.returncode, 0, loaded.stdout)
        self.assertNotIn(MARK, loaded.stdout)
        missing = self.on_terminal("info no_such_module_here")
        self.assertEqual(missing.returncode, 4, missing.stdout)
        self.assertNotIn(MARK, missing.stdout)

    def test_quitting_the_pager_early_is_no_failure(self):
        # `true` reads nothing, and the information of `option` (1595 aliases, 90 KiB) is more
        # than a pipe holds: modctl writes into a pipe nobody reads any more.
        done = self.on_terminal("info option", MODCTL_PAGER="true")
        self.assertEqual(done.returncode, 0, done.stdout)
        self.assertEqual(done.stdout, "")

    # Colour

    def test_colour_on_a_terminal_unless_no_color(self):
        self.assertOk(self.bed.load("dummy"))
        coloured = self.on_terminal("--no-pager list")
        self.assertIn(ESCAPE + "4mModule", coloured.stdout)
        error = self.on_terminal("info no_such_module_here")
        self.assertIn(ESCAPE + "1;31mmodctl: ", error.stdout)
        for env in ({"NO_COLOR": "1"}, {"TERM": "dumb"}):
            with self.subTest(env=env):
                for arguments in ("--no-pager list", "info no_such_module_here", "tree dummy"):
                    done = self.on_terminal(arguments, **env)
                    self.assertNotIn(ESCAPE, done.stdout)
                    self.assertRegex(done.stdout, "dummy|no_such_module_here")

    def test_no_colour_in_a_pipe(self):
        self.assertOk(self.bed.load("dummy"))
        for arguments in (("list",), ("info", "no_such_module_here"), ("tree", "dummy")):
            done = self.piped(*arguments)
            self.assertNotIn(ESCAPE, done.stdout + done.stderr)

    # --no-legend

    def test_no_legend_leaves_the_rows(self):
        self.assertOk(self.bed.load("vxlan"))
        rows = self.piped("list", "--no-legend").stdout.splitlines()
        self.assertEqual(sorted(row.split()[0] for row in rows),
                         ["ip6_udp_tunnel", "udp_tunnel", "vxlan"])
        self.assertEqual(self.piped("info", "dummy", "--no-legend").returncode, 2)

    # tree

    def test_tree_of_a_module_not_loaded_shows_what_loading_it_brings(self):
        done = self.piped("tree", "vxlan")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout, "○ vxlan\n○ ├─ip6_udp_tunnel\n○ └─udp_tunnel\n")
        ascii_tree = self.piped("tree", "vxlan", LANG="C")
        self.assertEqual(ascii_tree.stdout, "o vxlan\no |-ip6_udp_tunnel\no `-udp_tunnel\n")
        # An alias stands for its module.
        self.assertEqual(self.piped("tree", "rtnl-link-vxlan").stdout, done.stdout)

    def test_tree_both_directions_once_loaded(self):
        self.assertOk(self.bed.load("vxlan"))
        down = self.piped("tree", "vxlan")
        self.assertEqual(down.stdout, "● vxlan\n● ├─ip6_udp_tunnel\n● └─udp_tunnel\n")
        up = self.piped("tree", "--reverse", "udp_tunnel")
        self.assertEqual(up.returncode, 0, up.stderr)
        self.assertEqual(up.stdout, "● udp_tunnel\n● └─vxlan\n")
        # Not loaded: nothing holds it.
        self.assertEqual(self.piped("tree", "--reverse", "dummy").stdout, "○ dummy\n")

    def test_tree_without_a_module_starts_at_what_nothing_holds(self):
        self.assertOk(self.bed.load("vxlan"))
        self.assertOk(self.bed.load("dummy"))
        self.assertEqual(self.piped("tree").stdout,
                         "● dummy\n● vxlan\n● ├─ip6_udp_tunnel\n● └─udp_tunnel\n")
        self.assertEqual(self.piped("tree", "--reverse").stdout,
                         "● dummy\n● ip6_udp_tunnel\n● └─vxlan\n● udp_tunnel\n● └─vxlan\n")

    def test_tree_as_json(self):
        self.assertOk(self.bed.load("vxlan"))
        done = self.piped("tree", "vxlan", "--json")
        self.assertEqual(done.returncode, 0, done.stderr)
        (root,) = json.loads(done.stdout)["modules"]
        self.assertEqual((root["name"], root["loaded"], root["builtin"], root["state"]),
                         ("vxlan", True, False, "live"))
        self.assertEqual([child["name"] for child in root["depends"]],
                         ["ip6_udp_tunnel", "udp_tunnel"])
        self.assertEqual(root["depends"][0]["depends"], [])
        (up,) = json.loads(self.piped("tree", "--reverse", "udp_tunnel", "--json").stdout)["modules"]
        self.assertEqual([holder["name"] for holder in up["holders"]], ["vxlan"])

    def test_tree_of_an_unknown_module_fails_as_info_does(self):
        for arguments in (("tree", "no_such_module_here"), ("tree", "--reverse", "no_such_module_here")):
            done = self.piped(*arguments)
            self.assertEqual(done.returncode, 4, done.stderr)
            self.assertEqual(done.stdout, "")


if __name__ == "__main__":
    unittest.main()
