"""modctl's conventions end to end (issue 13): several modules per command as modprobe takes
them, -q, -n, help and unknown commands, and a file that is no module."""
import json
import unittest

from bus_fixture import BusTestCase

EXIT_USAGE, EXIT_NOT_FOUND, EXIT_IN_USE = 2, 4, 5


class SeveralModules(BusTestCase):
    def test_load_all_loads_each_module(self):
        done = self.bed.modctl("load", "-a", "dummy", "vxlan")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout.splitlines()[0], "inserted dummy")
        self.assertIn("inserted vxlan", done.stdout.splitlines())
        self.assertEqual(set(self.bed.loaded()), {"dummy", "vxlan", "udp_tunnel", "ip6_udp_tunnel"})

    def test_a_failure_is_reported_and_the_next_module_tried(self):
        done = self.bed.modctl("load", "--all", "dummy", "no_such_module", "vxlan")
        self.assertEqual(done.returncode, EXIT_NOT_FOUND, done.stderr)
        errors = done.stderr.splitlines()
        self.assertEqual(len(errors), 1, done.stderr)
        self.assertIn("no_such_module", errors[0])
        self.assertIn("inserted dummy", done.stdout.splitlines())
        self.assertIn("inserted vxlan", done.stdout.splitlines())
        self.assertIn("vxlan", self.bed.loaded())

    def test_the_exit_status_is_the_first_failures(self):
        self.assertEqual(self.bed.modctl("load", "-a", "vxlan", "dummy").returncode, 0)
        done = self.bed.modctl("unload", "no_such_module", "udp_tunnel", "dummy")
        self.assertEqual(done.returncode, EXIT_NOT_FOUND, done.stderr)
        errors = done.stderr.splitlines()
        self.assertEqual(len(errors), 2, done.stderr)
        self.assertIn("no_such_module", errors[0])
        self.assertIn("vxlan", errors[1])  # udp_tunnel is in use by vxlan
        self.assertEqual(done.stdout, "removed dummy\n")
        done = self.bed.modctl("unload", "udp_tunnel", "no_such_module")
        self.assertEqual(done.returncode, EXIT_IN_USE, done.stderr)

    def test_json_is_one_document_for_all_and_none_after_a_failure(self):
        loaded = self.bed.modctl("load", "-a", "--json", "dummy", "vxlan")
        self.assertEqual(loaded.returncode, 0, loaded.stderr)
        document = json.loads(loaded.stdout)
        self.assertEqual(document["inserted"][0], "dummy")
        self.assertEqual(set(document["inserted"]), {"dummy", "vxlan", "udp_tunnel", "ip6_udp_tunnel"})
        self.assertIs(document["dry_run"], False)
        infos = json.loads(self.bed.modctl("info", "--json", "dummy", "vxlan").stdout)
        self.assertEqual([info["name"] for info in infos], ["dummy", "vxlan"])
        self.assertEqual(json.loads(self.bed.modctl("info", "--json", "dummy").stdout)["name"],
                         "dummy")
        failed = self.bed.modctl("unload", "--json", "dummy", "no_such_module")
        self.assertEqual(failed.returncode, EXIT_NOT_FOUND, failed.stderr)
        self.assertEqual(failed.stdout, "")
        self.assertNotIn("dummy", self.bed.loaded())
        removed = json.loads(self.bed.modctl("unload", "--json", "vxlan").stdout)
        self.assertEqual(removed["removed"][0], "vxlan")

    def test_info_of_several_modules_in_turn(self):
        done = self.bed.modctl("info", "dummy", "vxlan")
        self.assertEqual(done.returncode, 0, done.stderr)
        first, second = done.stdout.split("\n\n")
        self.assertIn("name:", first)
        self.assertIn("dummy", first.split("name:")[1].splitlines()[0])
        self.assertIn("vxlan", second.split("name:")[1].splitlines()[0])

    def test_with_all_a_parameter_is_a_usage_error(self):
        done = self.bed.modctl("load", "-a", "dummy", "numdummies=3")
        self.assertEqual(done.returncode, EXIT_USAGE, done.stderr)
        self.assertIn("numdummies=3", done.stderr)
        self.assertEqual(self.bed.polkit_calls(), [])
        # Without --all the words after the module stay its parameters.
        self.assertEqual(self.bed.modctl("load", "dummy", "numdummies=3").returncode, 0)


class ShortFormsAndQuiet(BusTestCase):
    def test_quiet_prints_nothing_on_success_but_errors_still(self):
        for args in (("load", "-q", "dummy"), ("--quiet", "enable", "dummy"),
                     ("unload", "--json", "-q", "dummy")):
            done = self.bed.modctl(*args)
            self.assertEqual((done.returncode, done.stdout, done.stderr), (0, "", ""), args)
        self.assertEqual(self.bed.loaded(), [])
        failed = self.bed.modctl("unload", "-q", "dummy")
        self.assertEqual(failed.returncode, EXIT_NOT_FOUND)
        self.assertEqual(len(failed.stderr.splitlines()), 1, failed.stderr)
        self.assertEqual(self.bed.modctl("list", "-q").returncode, EXIT_USAGE)

    def test_n_is_a_dry_run_and_short_switches_combine(self):
        done = self.bed.modctl("load", "-n", "vxlan")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("would insert vxlan", done.stdout.splitlines())
        self.assertEqual(self.bed.loaded(), [])
        self.assertEqual(self.bed.modctl("load", "dummy").returncode, 0)
        quiet_dry = self.bed.modctl("unload", "-nq", "dummy")
        self.assertEqual((quiet_dry.returncode, quiet_dry.stdout), (0, ""), quiet_dry.stderr)
        self.assertEqual(self.bed.loaded(), ["dummy"])


class HelpAndMistakes(BusTestCase):
    def test_help_and_help_of_a_command(self):
        self.assertEqual(self.bed.modctl("help").stdout, self.bed.modctl("--help").stdout)
        load_help = self.bed.modctl("help", "load")
        self.assertEqual(load_help.returncode, 0)
        self.assertEqual(load_help.stdout, self.bed.modctl("load", "--help").stdout)
        self.assertIn("Usage: modctl load", load_help.stdout)

    def test_an_unknown_command_says_how_to_find_the_right_one(self):
        for args in (("lod", "dummy"), ("help", "lod")):
            done = self.bed.modctl(*args)
            self.assertEqual(done.returncode, EXIT_USAGE)
            self.assertEqual(done.stderr, "modctl: unknown command 'lod' (did you mean 'load'?); "
                             "modctl help lists the commands\n")

    def test_a_file_that_is_no_module_is_named(self):
        for command in ("load", "info"):
            done = self.bed.modctl(command, "/etc/passwd")
            self.assertEqual(done.returncode, EXIT_USAGE, done.stderr)
            self.assertEqual(done.stderr,
                             "modctl: /etc/passwd is not a kernel module (no ELF module image)\n")

    def test_a_refused_file_is_named(self):
        # An ELF file, but no module: the daemon refuses it, modctl says which file that was.
        done = self.bed.modctl("info", "/bin/true")
        self.assertEqual(done.returncode, EXIT_USAGE, done.stderr)
        self.assertTrue(done.stderr.startswith("modctl: /bin/true: "), done.stderr)
        self.assertIn("not a kernel module", done.stderr)


if __name__ == "__main__":
    unittest.main()
