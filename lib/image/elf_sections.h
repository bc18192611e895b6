#pragma once
// Finds a named section of an ELF file (32 or 64 bit, either byte order) in its bytes, with
// every offset, size and index checked against the file's bounds first: a crafted file can
// make the reader neither leave the buffer nor loop. modmgrd uses it to size up a caller's
// module file (its .modinfo) before libkmod parses it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace modmgr {

struct ElfSection {
    uint64_t offset = 0; // in the file
    uint64_t size = 0;
};

// The section called `name`; nullopt when there is none, or when it has no bytes in the file
// (SHT_NOBITS, whose offset need not lie inside it). Throws ModuleError(InvalidArgument)
// naming the problem when `data` is not a well-formed ELF file.
std::optional<ElfSection> find_elf_section(const unsigned char* data, size_t size,
                                           const std::string& name);

// The number of entries ("key=value\0") of a .modinfo section's bytes; a last entry without
// its NUL counts too.
size_t count_modinfo_entries(const unsigned char* data, size_t size);

} // namespace modmgr
