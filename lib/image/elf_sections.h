#pragma once
// Finds a named section of an ELF file (32 or 64 bit, either byte order) in its bytes, with
// every offset, size and index checked against the file's bounds first: a crafted file can
// make the reader neither leave the buffer nor loop. modmgrd uses it to size up a caller's
// module file (its .modinfo) before libkmod parses it, and to read the descriptions of the
// module tree's files for SearchModules.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace modmgr {

struct ElfSection {
    uint64_t offset = 0; // in the file
    uint64_t size = 0;
};

// Where find_elf_section reads a file from. It asks for three pieces, each checked to lie
// inside the file first: the ELF header, the section header table and the section name table.
class ElfBytes {
public:
    virtual ~ElfBytes() = default;
    virtual uint64_t size() const = 0;
    // The `length` bytes at `offset` (offset + length <= size()), valid while this lives.
    virtual const unsigned char* piece(uint64_t offset, size_t length) = 0;
};

// A file read with pread(2) in those pieces only: a module's header and tables are a few KiB
// of a file of up to megabytes, and a page fault on a mapping costs more than a read (on the
// virtual machines modmgr was measured on, ten times more). Throws ModuleError(InvalidArgument)
// for a piece over `max_piece` bytes (a real module's tables take a few KiB), Failed for a
// read that fails or falls short (the file shrank).
class ElfFileBytes final : public ElfBytes {
public:
    ElfFileBytes(int fd, uint64_t size, size_t max_piece) : fd_(fd), size_(size), max_piece_(max_piece) {}
    uint64_t size() const override { return size_; }
    const unsigned char* piece(uint64_t offset, size_t length) override;

private:
    int fd_;
    uint64_t size_;
    size_t max_piece_;
    std::vector<std::vector<unsigned char>> pieces_;
};

// The section called `name`; nullopt when there is none, or when it has no bytes in the file
// (SHT_NOBITS, whose offset need not lie inside it). Throws ModuleError(InvalidArgument)
// naming the problem when the bytes are not a well-formed ELF file.
std::optional<ElfSection> find_elf_section(ElfBytes& file, const std::string& name);
// The same of a file in memory.
std::optional<ElfSection> find_elf_section(const unsigned char* data, size_t size,
                                           const std::string& name);

// The number of entries ("key=value\0") of a .modinfo section's bytes; a last entry without
// its NUL counts too.
size_t count_modinfo_entries(const unsigned char* data, size_t size);

} // namespace modmgr
