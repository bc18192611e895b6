"""Hostile module files for the attack tests: a minimal ELF64 relocatable object with the
.modinfo section one chooses (what libkmod reads for modinfo), and small compressed files
that decompress to GiBs of zeros."""
import lzma
import struct
import subprocess

ELF_HEADER_SIZE = 64
SECTION_HEADER_SIZE = 64
SHT_PROGBITS, SHT_STRTAB = 1, 3
SHF_ALLOC = 2
ET_REL, EM_X86_64 = 1, 62


def elf_with_modinfo(entries):
    """An x86-64 ELF relocatable file whose only content is a .modinfo section holding
    `entries` ("key=value" strings, NUL-terminated as the kernel's MODULE_INFO makes them)."""
    modinfo = b"".join(entry.encode() + b"\0" for entry in entries)
    names = b"\0.modinfo\0.shstrtab\0"
    modinfo_offset = ELF_HEADER_SIZE
    names_offset = modinfo_offset + len(modinfo)
    section_headers_offset = (names_offset + len(names) + 7) // 8 * 8

    def section_header(name, kind, flags, offset, size):
        return struct.pack("<IIQQQQIIQQ", name, kind, flags, 0, offset, size, 0, 0, 1, 0)

    header = struct.pack("<4sBBBBB7xHHIQQQIHHHHHH", b"\x7fELF", 2, 1, 1, 0, 0, ET_REL,
                         EM_X86_64, 1, 0, 0, section_headers_offset, 0, ELF_HEADER_SIZE, 0, 0,
                         SECTION_HEADER_SIZE, 3, 2)
    padding = b"\0" * (section_headers_offset - names_offset - len(names))
    return b"".join([
        header, modinfo, names, padding,
        bytes(SECTION_HEADER_SIZE),
        section_header(names.index(b".modinfo"), SHT_PROGBITS, SHF_ALLOC, modinfo_offset,
                       len(modinfo)),
        section_header(names.index(b".shstrtab"), SHT_STRTAB, 0, names_offset, len(names)),
    ])


# Both formats decode concatenated streams/frames as one: a small piece repeated makes a big
# file quickly (compressing GiBs of zeros takes seconds; this takes a fraction of one).
PIECE = 64 << 20


def xz_of_zeros(size):
    piece = lzma.compress(bytes(PIECE), format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC32, preset=0)
    return piece * (size // PIECE)


def zstd_of_zeros(size):
    piece = subprocess.run(["zstd", "-q", "-c"], input=bytes(PIECE), capture_output=True,
                           check=True).stdout
    return piece * (size // PIECE)
