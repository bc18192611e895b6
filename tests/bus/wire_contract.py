"""The wire contract for Python: dbus/wire_contract.h read as data, and what
org.modmgr1.xml, org.modmgr1.conf and polkit/org.modmgr1.policy say about the same names.

The bus tests take their names, flag bits and error names from here (CONTRACT), so that they
spell none of their own; wire_contract_test checks the header against the three files.
"""
import os
import re
import xml.etree.ElementTree as ET

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def source_path(*parts):
    return os.path.join(SOURCE_DIR, *parts)


def read(*parts):
    with open(source_path(*parts), encoding="utf-8") as f:
        return f.read()


def snake_upper(constant):
    """kIgnoreBlacklist -> IGNORE_BLACKLIST, the XML's spelling of a flag."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", constant[1:]).upper()


class Header:
    """wire_contract.h: each `namespace modmgr::wire[::KIND] { ... }` block's string constants,
    the Flag enum and the per-method masks."""

    def __init__(self, text):
        self.blocks = {}
        for kind, body in re.findall(r"^namespace modmgr::wire(?:::(\w+))? \{\n(.*?)^\} // namespace",
                                     text, re.M | re.S):
            self.blocks[kind or ""] = dict(re.findall(r'constexpr char (k\w+)\[\] =\s*"([^"]*)";', body))
        enum = re.search(r"enum Flag : uint64_t \{(.*?)\};", text, re.S).group(1)
        self.flag_bits = {name: int(value, 16) for name, value in re.findall(r"(k\w+) = (0x[0-9a-fA-F]+),", enum)}
        self.flags = {snake_upper(name): bit for name, bit in self.flag_bits.items()}
        self.masks = {}
        for methods, _, expression in re.findall(r"^// ([\w, ]+)\ninline constexpr uint64_t (k\w+Flags) =\s*([^;]+);",
                                                 text, re.M):
            bits = 0
            for term in re.split(r"\s*\|\s*", expression.strip()):
                bits |= self.flag_bits[term]
            for method in methods.split(", "):
                self.masks[method] = bits

    def names(self, kind=""):
        return self.blocks[kind]

    @property
    def errors(self):
        """Short name -> full error name, e.g. "InvalidArgument" -> org.modmgr1.Error.InvalidArgument."""
        return {name[1:]: value for name, value in self.names("error").items() if name != "kPrefix"}


class Interfaces:
    """org.modmgr1.xml: members of each interface, and the flags and errors its comment documents."""

    def __init__(self, text):
        root = ET.fromstring(text)
        self.members = {}
        self.flag_methods = {}
        for interface in root.findall("interface"):
            self.members[interface.get("name")] = {
                kind: [element.get("name") for element in interface.findall(kind)]
                for kind in ("method", "signal", "property")}
            for method in interface.findall("method"):
                if any(arg.get("name") == "flags" and arg.get("type") == "t" for arg in method.findall("arg")):
                    self.flag_methods[method.get("name")] = interface.get("name")
        comment = re.search(r"<!--(.*?)-->", text, re.S).group(1)
        # "0x10 FIRST_TIME  Load, LoadFile: ..." ("all": every method that takes flags).
        self.flags = {}
        for value, name, methods in re.findall(r"^\s*(0x[0-9a-f]+)\s+([A-Z_]+)\s+([\w, ]+):", comment, re.M):
            taken_by = set(self.flag_methods) if methods == "all" else set(methods.split(", "))
            self.flags[name] = (int(value, 16), taken_by)
        # "Errors: org.modmgr1.Error.{NotFound, ...}, org.freedesktop.DBus.Error.{AccessDenied, ...}."
        errors_text = re.search(r"Errors:(.*?)\.\n", comment, re.S).group(1)
        self.errors = {prefix + name.strip()
                       for prefix, names in re.findall(r"([\w.]+\.)\{([^}]*)\}", errors_text)
                       for name in names.split(",")}


def bus_policy():
    """org.modmgr1.conf: the names it lets root own and the interfaces it lets anyone call."""
    root = ET.fromstring(read("dbus", "org.modmgr1.conf"))
    owned = {allow.get("own") for allow in root.iter("allow") if allow.get("own")}
    destinations = {rule.get("send_destination") for rule in root.iter() if rule.get("send_destination")}
    interfaces = {rule.get("send_interface") for rule in root.iter() if rule.get("send_interface")}
    return owned, destinations, interfaces


def polkit_actions():
    return [action.get("id") for action in ET.fromstring(read("polkit", "org.modmgr1.policy")).iter("action")]


CONTRACT = Header(read("dbus", "wire_contract.h"))
