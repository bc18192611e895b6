"""Attacks on SearchModules: queries it refuses (too long, control characters; invalid UTF-8
and NUL, which the bus itself refuses to carry), patterns that must stay literal text, the
costliest queries a caller can write, a flood from one user, and the index build, which reads
every module file: the first search builds it, and no caller can make modmgrd build it again
(only a change of the module tree does: module_search_test)."""
import os
import socket
import struct
import time
import unittest

from bus_fixture import BUS_NAME, ERRORS, MANAGER, MANAGER_PATH, NOBODY, OTHER_USER, PROMPT_SECONDS, BusTestCase

INVALID = ERRORS["InvalidArgument"]
INVALID_ARGS = ERRORS["InvalidArgs"]
LIMITS_EXCEEDED = ERRORS["LimitsExceeded"]
BUILT = "search index of the module tree built"
MAX_QUERY = 128


def raw_call(address, member, body_signature, body, wait=3, until=None):
    """A method call to modmgrd whose body is `body` as it is, not as a D-Bus library would
    marshal it: so a string can hold what no library sends (bytes that are not UTF-8, NUL).
    Returns what the bus sent until it sent `until`, went quiet for `wait` seconds or hung up,
    and whether it hung up."""
    def string(text, code="s"):
        data = text.encode() if isinstance(text, str) else text
        if code == "g":
            return bytes([len(data)]) + data + b"\0"
        return struct.pack("<I", len(data)) + data + b"\0"

    def pad(data, to):
        return data + b"\0" * (-len(data) % to)

    def fields(items):
        out = b""
        for code, signature, value in items:
            out = pad(out, 8) + bytes([code]) + string(signature, "g")
            out = pad(out, 4 if signature in "so" else 1) + string(value, signature)
        return struct.pack("<I", len(out)) + pad(b"", 4) + out

    def message(serial, path, interface, member, destination, signature, body):
        items = [(1, "o", path), (2, "s", interface), (3, "s", member), (6, "s", destination)]
        if signature:
            items.append((8, "g", signature))
        header = struct.pack("<cBBBII", b"l", 1, 0, 1, len(body), serial) + fields(items)
        return pad(header, 8) + body

    path = address.split("path=", 1)[1].split(",")[0]
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as bus:
        bus.settimeout(wait)
        bus.connect(path)
        bus.sendall(b"\0AUTH EXTERNAL " + str(os.getuid()).encode().hex().encode() + b"\r\n")
        if not bus.recv(4096).startswith(b"OK"):
            raise AssertionError("the bus refused the authentication")
        bus.sendall(b"BEGIN\r\n")
        bus.sendall(message(1, "/org/freedesktop/DBus", "org.freedesktop.DBus", "Hello",
                            "org.freedesktop.DBus", "", b""))
        bus.sendall(message(2, MANAGER_PATH, MANAGER, member, BUS_NAME, body_signature, body))
        answered = b""
        try:
            while chunk := bus.recv(65536):
                answered += chunk
                if until and until in answered:
                    return answered, False
        except socket.timeout:
            return answered, False
        return answered, True


class Refused(BusTestCase):
    def test_bad_queries_are_invalid_arguments_before_polkit(self):
        for label, query in {"empty": "", "129 bytes": "a" * (MAX_QUERY + 1),
                             "64 KiB": "e" * 65536, "newline": "dummy\nx", "tab": "\t",
                             "escape sequence": "\x1b[2J", "DEL": "a\x7f", "C1": "a\x85b",
                             "129 bytes of two-byte characters": "é" * 65}.items():
            with self.subTest(label):
                self.assertError(self.bed.call("SearchModules", "(s)", (query,)), INVALID)
        for signature, args in (("(t)", (1,)), ("(as)", (["dummy"],)), ("(ss)", ("a", "b")), (None, None)):
            with self.subTest(signature):
                self.assertTypedError(self.bed.call("SearchModules", signature, args), INVALID_ARGS)
        self.assertEqual(self.bed.polkit_calls(), [])
        self.assertNotIn(BUILT, self.bed.log_since(0))
        self.assertSurvived()

    def test_bytes_no_string_may_hold_never_reach_modmgrd(self):
        def body(text):
            return struct.pack("<I", len(text)) + text + b"\0"

        # The same call, well formed, is answered: what follows is refused for its bytes alone.
        answered, hung_up = raw_call(self.bed.address, "SearchModules", "s", body(b"dummy"),
                                     wait=60, until=b"Dummy soundcard")
        self.assertIn(b"Dummy soundcard", answered)
        self.assertFalse(hung_up)
        start = self.bed.log_size()
        for label, text in {"not UTF-8": b"dumm\xff", "overlong": b"\xc0\xaf", "NUL": b"dum\0my",
                            "surrogate": b"\xed\xa0\x80"}.items():
            with self.subTest(label):
                _, hung_up = raw_call(self.bed.address, "SearchModules", "s", body(text))
                self.assertTrue(hung_up, "the bus carried a string D-Bus forbids")
        self.assertNotIn("action=org.modmgr1.inspect", self.bed.log_since(start))
        self.assertSurvived()

    def test_callers_polkit_refuses_learn_nothing_and_build_nothing(self):
        self.bed.polkit("org.modmgr1.inspect", "no")
        self.assertError(self.bed.call("SearchModules", "(s)", ("dummy",)), ERRORS["AccessDenied"])
        self.assertNotIn(BUILT, self.bed.log_since(0))
        self.assertSurvived()


class Costly(BusTestCase):
    # The costliest queries a caller can write: the longest, ones that match nearly every
    # entry at every position, ones shaped like the modaliases whose patterns libkmod tries
    # with fnmatch, and the characters of globs and regexes, which must stay text.
    WORST = ["a" * MAX_QUERY, "e" * (MAX_QUERY - 1) + "x", "_" * MAX_QUERY, "e", "*", "?", "[",
             "*?[", ".*", "(((a*)*)*)$", "\\", "%s%n%x",
             "usb:v" + "pdpdcdscdpicisciipin" * 6 + "abc",
             "pci:v" + "0" * 8 + "d" * 60 + "sv" * 27,
             "of:N" + "T" * 62 + "C" * 62,
             "dmi" + "*:" * 62 + "x",
             "acpi*:" + "PNP0A03:*" * 13,
             "é" * 64]

    def search(self, query, uid=NOBODY):
        return self.bed.timed_call("SearchModules", "(s)", (query,), uid=uid, timeout_ms=60000)

    def test_every_costly_query_answers_promptly_and_as_text(self):
        self.assertOk(self.search("warm up")[0])  # the index build, once
        for query in self.WORST:
            with self.subTest(query[:20]):
                result, seconds = self.search(query)
                matches, _ = self.assertOk(result)
                self.assertLess(seconds, PROMPT_SECONDS, f"{query[:20]}: {seconds:.2f} s")
                literal = query.lower().replace("-", "_")
                for name, match, _, _, _ in matches:
                    if match == "name":
                        self.assertIn(literal, name)
        self.assertEqual(self.bed.log_since(0).count(BUILT), 1)
        self.assertSurvived()

    def test_a_flood_of_searches_is_bounded_and_builds_nothing_again(self):
        self.assertOk(self.search("warm up")[0])
        flooder = self.bed.attacker(NOBODY, "flood", method="SearchModules", signature="(s)",
                                    args=("e",), connections=16, calls=40, timeout_ms=120000)
        flooder.wait_started()
        self.assertServedPromptly(0, OTHER_USER)
        self.assertOutcomes(flooder.result(), ("ok", LIMITS_EXCEEDED))
        # Several users' searches meanwhile and after: still the one index.
        for uid in (0, OTHER_USER, NOBODY):
            self.assertOk(self.search("dummy", uid)[0])
        self.assertEqual(self.bed.log_since(0).count(BUILT), 1)
        self.assertSurvived()

    def test_searches_while_the_index_is_built_share_the_build(self):
        flooder = self.bed.attacker(NOBODY, "flood", method="SearchModules", signature="(s)",
                                    args=("vxlan",), connections=4, calls=4, timeout_ms=120000)
        started = time.monotonic()
        flooder.wait_started()
        # The build (a second or more) holds the search worker only: List and Info go on.
        self.assertServedPromptly(0, OTHER_USER)
        self.assertOutcomes(flooder.result(), ("ok", LIMITS_EXCEEDED))
        self.assertLess(time.monotonic() - started, 60)
        self.assertEqual(self.bed.log_since(0).count(BUILT), 1)
        self.assertSurvived()


if __name__ == "__main__":
    unittest.main()
