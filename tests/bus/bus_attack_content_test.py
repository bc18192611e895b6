"""Attacks through what a module file holds: a .modinfo section far larger than any real
module's (a reply past the bus's 32 MiB message limit costs modmgrd its bus connection), and
compressed files that decompress to GiBs of zeros."""
import os
import unittest

from bus_fixture import ERRORS, BusTestCase
from crafted_module import elf_with_modinfo, xz_of_zeros, zstd_of_zeros

INVALID = ERRORS["InvalidArgument"]
MiB = 1 << 20


def reply_bytes(value):
    """Roughly what a reply's strings weigh on the wire."""
    if isinstance(value, str):
        return len(value.encode())
    if isinstance(value, dict):
        return sum(reply_bytes(k) + reply_bytes(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return sum(reply_bytes(v) for v in value)
    return 8


class CraftedModinfo(BusTestCase):
    def info_file(self, entries):
        path = os.path.join(self.bed.tmp, "crafted.ko")
        with open(path, "wb") as f:
            f.write(elf_with_modinfo(["name=crafted", "license=GPL"] + entries))
        return self.bed.call("InfoFile", "(h)", (0,), fd_path=path, timeout_ms=60000)

    def test_40_mib_of_long_values_is_refused(self):
        self.assertTypedError(self.info_file([f"note{i}=" + "v" * MiB for i in range(40)]), INVALID)
        self.assertSurvived()

    def test_40_mib_of_short_entries_is_refused(self):
        self.assertTypedError(
            self.info_file([f"k{i:07}=" + "v" * 22 for i in range(40 * MiB // 32)]), INVALID)
        self.assertSurvived()

    def test_more_than_16384_entries_in_under_1_mib_is_refused(self):
        self.assertTypedError(self.info_file([f"k{i:05}=v" for i in range(20000)]), INVALID)
        self.assertSurvived()

    def test_900_kib_of_long_values_gives_a_bounded_reply_that_says_what_was_cut(self):
        result = self.info_file([f"note{i:02}=" + "v" * (30 << 10) for i in range(30)])
        if result[0] == "error":
            self.assertTypedError(result, INVALID)
        else:
            info = self.assertOk(result)[0]
            self.assertLess(reply_bytes(info), 2 * MiB)
            self.assertIn("truncated", info)
            self.assertIsInstance(info["truncated"], list)
            self.assertTrue(info["truncated"])
            for key in info["truncated"]:
                self.assertIsInstance(key, str)
        self.assertSurvived()


class DecompressionBomb(BusTestCase):
    """2 GiB of zeros in a few hundred KiB; zeros are no ELF file either."""

    def info_file_of(self, suffix, data):
        path = os.path.join(self.bed.tmp, "bomb.ko" + suffix)
        with open(path, "wb") as f:
            f.write(data)
        self.assertLess(len(data), MiB)
        return self.bed.call("InfoFile", "(h)", (0,), fd_path=path, timeout_ms=60000)

    def test_xz(self):
        self.assertTypedError(self.info_file_of(".xz", xz_of_zeros(2 << 30)), INVALID)
        self.assertSurvived()

    def test_zstd(self):
        self.assertTypedError(self.info_file_of(".zst", zstd_of_zeros(2 << 30)), INVALID)
        self.assertSurvived()


if __name__ == "__main__":
    unittest.main()
