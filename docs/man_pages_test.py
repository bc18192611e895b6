"""The man pages against what they document.

org.modmgr1(5) is checked against dbus/org.modmgr1.xml (every interface, method with its
exact signature, argument, signal, property, flag, error and Info key) and
polkit/org.modmgr1.policy (every action with its defaults); modctl(1) and modmgrd(8)
against the options the built programs accept and modctl's exit codes. Every generated
page must render with man(1) without a single warning.

Environment: MODMGR_SOURCE_DIR (the checkout), MODMGR_MAN_DIR (the generated pages),
MODCTL and MODMGRD (the built programs).
"""
import os
import re
import subprocess
import unittest
import xml.etree.ElementTree as ET

SOURCE_DIR = os.environ["MODMGR_SOURCE_DIR"]
MAN_DIR = os.environ["MODMGR_MAN_DIR"]
MAN_PAGES = ["modctl.1", "modmgrd.8", "org.modmgr1.5"]
CONST = "org.freedesktop.DBus.Property.EmitsChangedSignal"


def read(*parts):
    with open(os.path.join(SOURCE_DIR, *parts), encoding="utf-8") as f:
        return f.read()


def plain(text):
    """scdoc source text without its markup: *bold*, _underline_ and backslash escapes."""
    text = re.sub(r"(?<![\\\w])_|(?<!\\)_(?!\w)", "", text.replace("*", ""))
    return re.sub(r"\\(.)", r"\1", text).strip()


def scdoc_tables(source):
    """Every table of an scdoc source as a list of rows, each a list of plain cell texts."""
    tables, rows = [], None
    for line in source.splitlines() + [""]:
        if rows is not None and line.startswith(("|", ":", " ")) and line.strip():
            if line[0] == "|":
                rows.append([line[3:]])
            elif line[0] == ":":
                rows[-1].append(line[3:])
            else:
                rows[-1][-1] += " " + line.strip()
            continue
        if rows:
            tables.append([[plain(cell) for cell in row] for row in rows])
        rows = [[line[3:]]] if re.match(r"[\[\]][\[\]<=>-] ", line) else None
    return tables


def definition_terms(source):
    """The bold words of every line that starts with one: the terms of definition lists
    (*Load*(...), *-h*, *--help*) and of the synopsis."""
    lines = [line for line in source.splitlines() if line.startswith("*")]
    return {term for line in lines for term in re.findall(r"\*([^*\s(]+)\*", line)}


def help_options(program):
    out = subprocess.run([program, "--help"], capture_output=True, text=True, check=True).stdout
    section = out.split("Options:\n")[1].split("\n\n")[0]
    return set(re.findall(r"^\s+(?:-[a-zA-Z],)?(--[a-z][a-z-]*)", section, re.MULTILINE)), out


class DBusApiPage(unittest.TestCase):
    """org.modmgr1(5) documents every part of the interface XML and the polkit policy."""

    @classmethod
    def setUpClass(cls):
        cls.xml_text = read("dbus", "org.modmgr1.xml")
        cls.api = ET.fromstring(cls.xml_text)
        cls.page = read("docs", "org.modmgr1.5.scd")
        cls.terms = definition_terms(cls.page)
        cls.page_lines = {line.strip() for line in cls.page.splitlines()}
        cls.tables = scdoc_tables(cls.page)

    def table_with_header(self, *header):
        return [rows for rows in self.tables if tuple(rows[0][: len(header)]) == header]

    def test_interfaces_and_exact_signatures_are_listed(self):
        interfaces = self.api.findall("interface")
        self.assertEqual(len(interfaces), 2)
        for interface in interfaces:
            self.assertIn("interface %s {" % interface.get("name"), self.page_lines)
            for method in interface.findall("method"):
                args = ", ".join("%s %s %s" % (a.get("direction"), a.get("type"), a.get("name"))
                                 for a in method.findall("arg"))
                self.assertIn("%s(%s);" % (method.get("name"), args), self.page_lines)
            for signal in interface.findall("signal"):
                args = ", ".join("%s %s" % (a.get("type"), a.get("name"))
                                 for a in signal.findall("arg"))
                self.assertIn("%s(%s);" % (signal.get("name"), args), self.page_lines)
            for prop in interface.findall("property"):
                access = "readonly" if prop.get("access") == "read" else "readwrite"
                line = "%s %s %s;" % (access, prop.get("type"), prop.get("name"))
                self.assertIn(line, self.page_lines)
                # A property the XML declares never-changing carries busctl's annotation line
                # right above it, and no other does.
                annotated = prop.find("annotation[@name='%s'][@value='const']" % CONST) is not None
                ordered = [text.strip() for text in self.page.splitlines()]
                above = ordered[ordered.index(line) - 1]
                self.assertEqual(above == '@%s("const")' % CONST, annotated, prop.get("name"))

    def test_every_method_and_signal_is_described_with_its_arguments(self):
        for member in self.api.findall("interface/method") + self.api.findall("interface/signal"):
            name = member.get("name")
            self.assertIn(name, self.terms, "no description of %s" % name)
            heading = re.search(r"^\*%s\*\((.*)$" % name, self.page, re.MULTILINE).group(1)
            heading = heading.replace("\\_", "_")  # scdoc needs '_' escaped inside a name
            for arg in member.findall("arg"):
                self.assertIn("_%s_" % arg.get("name"), heading,
                              "%s: argument %s not in %r" % (name, arg.get("name"), heading))

    def test_every_property_is_described_with_its_type(self):
        for prop in self.api.findall("interface/property"):
            self.assertIn("*%s* (%s)" % (prop.get("name"), prop.get("type")), self.page_lines)

    def test_every_flag_bit_is_documented(self):
        flags = re.findall(r"^\s+(0x[0-9a-f]+)\s+([A-Z_]+)\s", self.xml_text, re.MULTILINE)
        self.assertGreaterEqual(len(flags), 5)
        (table,) = self.table_with_header("Bit", "Name")
        documented = {(row[0], row[1]) for row in table[1:]}
        self.assertEqual(documented, set(flags))

    def test_every_error_name_is_documented(self):
        errors = []
        for prefix, names in re.findall(r"(org\.[a-zA-Z0-9.]+\.Error)\.\{([^}]*)\}", self.xml_text):
            errors += ["%s.%s" % (prefix, n.strip()) for n in names.split(",")]
        self.assertGreaterEqual(len(errors), 12)
        for error in errors:
            self.assertIn(error, self.terms)

    def test_every_info_key_is_documented_with_its_type(self):
        comment = self.xml_text[self.xml_text.index("Keys, each absent when unknown"):]
        comment = comment[: comment.index("-->")]
        types = r"a\(ssisb\)|a\(sss\)|a\{ss\}|as|s|b|t|i"
        # "any other .modinfo key as s (as when it repeats)" describes a type, not a key.
        keys = {key: type_ for key, type_ in
                re.findall(r"\b([a-z_]+) (%s)(?=[,.;:]| \()" % types, comment)
                if not re.fullmatch(types, key)}
        self.assertGreaterEqual(len(keys), 30)
        documented = {}
        for rows in self.table_with_header("Key", "Type"):
            documented.update({row[0]: row[1] for row in rows[1:]})
        self.assertEqual(documented, keys)

    def test_every_polkit_action_is_documented_with_its_defaults(self):
        policy = ET.fromstring(read("polkit", "org.modmgr1.policy"))
        actions = {}
        for action in policy.findall("action"):
            defaults = action.find("defaults")
            actions[action.get("id")] = [defaults.find(k).text
                                        for k in ("allow_any", "allow_inactive", "allow_active")]
        self.assertGreaterEqual(len(actions), 4)
        (table,) = self.table_with_header("Action", "allow_any")
        self.assertEqual({row[0]: row[1:4] for row in table[1:]}, actions)
        for detail in ("module", "parameters", "flags"):
            self.assertIn("*%s*" % detail, self.page)

    def test_the_example_rule_is_quoted_as_shipped(self):
        rules = read("polkit", "examples", "50-modmgr-group.rules")
        code = rules[rules.index("polkit.addRule"):].strip()
        self.assertIn(code, self.page)


class ProgramPages(unittest.TestCase):
    """modctl(1) and modmgrd(8) document exactly what the programs accept."""

    def test_modctl_page_has_every_option_command_and_exit_status(self):
        page = read("docs", "modctl.1.scd")
        options, help_text = help_options(os.environ["MODCTL"])
        self.assertIn("--no-ask-password", options)
        terms = definition_terms(page)
        for option in options:
            self.assertIn(option, terms)
        commands = re.findall(r"^  ([a-z]+)\s{2,}\S", help_text.split("Subcommands:\n")[1].split("\n\n")[0],
                              re.MULTILINE)
        self.assertEqual(len(commands), 19)
        for command in commands:
            self.assertIn(command, terms)
        statuses = re.findall(r"^\s+(\d+)  (.+)$", help_text.split("EXIT STATUS:")[1],
                              re.MULTILINE)
        self.assertGreaterEqual(len(statuses), 10)
        (table,) = [t for t in scdoc_tables(page) if t[0][0] == "Status"]
        self.assertEqual([tuple(row) for row in table[1:]], statuses)

    def test_modmgrd_page_has_every_option(self):
        page = read("docs", "modmgrd.8.scd")
        options, _ = help_options(os.environ["MODMGRD"])
        # Test doubles live in tests/support's own executable, never in the shipped daemon.
        self.assertNotIn("--simulated-kernel", options)
        terms = definition_terms(page)
        for option in options:
            self.assertIn(option, terms)


class Rendering(unittest.TestCase):
    def test_every_page_renders_without_warnings(self):
        for page in MAN_PAGES:
            with self.subTest(page=page):
                result = subprocess.run(
                    ["man", "--warnings", "-l", os.path.join(MAN_DIR, page)],
                    env=dict(os.environ, MANWIDTH="80"),
                    capture_output=True, text=True)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(result.stderr, "")
                self.assertIn("NAME", result.stdout)
                self.assertIn("SEE ALSO", result.stdout)


if __name__ == "__main__":
    unittest.main()
