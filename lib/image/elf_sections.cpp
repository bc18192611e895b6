#include "image/elf_sections.h"

#include <elf.h>

#include <cstring>

#include "base/module_error.h"

namespace modmgr {

namespace {

[[noreturn]] void malformed(const std::string& what) {
    throw ModuleError(ErrorCode::InvalidArgument, "not a well-formed ELF file: " + what);
}

// Reads integers of the file's byte order and class at checked offsets.
class ElfReader {
public:
    ElfReader(const unsigned char* data, size_t size) : data_(data), size_(size) {
        if (size < EI_NIDENT || std::memcmp(data, ELFMAG, SELFMAG) != 0)
            malformed("no ELF header");
        if (data[EI_CLASS] != ELFCLASS32 && data[EI_CLASS] != ELFCLASS64)
            malformed("unknown class");
        if (data[EI_DATA] != ELFDATA2LSB && data[EI_DATA] != ELFDATA2MSB)
            malformed("unknown byte order");
        wide_ = data[EI_CLASS] == ELFCLASS64;
        little_ = data[EI_DATA] == ELFDATA2LSB;
        if (size < (wide_ ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr)))
            malformed("truncated header");
    }

    bool wide() const { return wide_; }

    uint64_t read(uint64_t offset, size_t bytes) const {
        if (offset > size_ || bytes > size_ - offset)
            malformed("a field lies outside the file");
        uint64_t value = 0;
        for (size_t i = 0; i < bytes; ++i) {
            const uint64_t byte = data_[offset + (little_ ? bytes - 1 - i : i)];
            value = (value << 8) | byte;
        }
        return value;
    }
    // A field that is 4 bytes in ELF32 and 8 in ELF64 (addresses, offsets, sizes).
    uint64_t word(uint64_t offset) const { return read(offset, wide_ ? 8 : 4); }

private:
    const unsigned char* data_;
    size_t size_;
    bool wide_ = false;
    bool little_ = false;
};

struct SectionHeader {
    uint32_t name = 0;
    uint32_t type = 0;
    uint64_t offset = 0;
    uint64_t size = 0;
};

SectionHeader section_header(const ElfReader& elf, uint64_t at) {
    SectionHeader header;
    header.name = static_cast<uint32_t>(elf.read(at, 4));
    header.type = static_cast<uint32_t>(elf.read(at + 4, 4));
    if (elf.wide()) {
        header.offset = elf.read(at + offsetof(Elf64_Shdr, sh_offset), 8);
        header.size = elf.read(at + offsetof(Elf64_Shdr, sh_size), 8);
    } else {
        header.offset = elf.read(at + offsetof(Elf32_Shdr, sh_offset), 4);
        header.size = elf.read(at + offsetof(Elf32_Shdr, sh_size), 4);
    }
    return header;
}

bool inside(uint64_t offset, uint64_t length, size_t size) {
    return offset <= size && length <= size - offset;
}

} // namespace

std::optional<ElfSection> find_elf_section(const unsigned char* data, size_t size,
                                           const std::string& name) {
    const ElfReader elf(data, size);
    const bool wide = elf.wide();
    const uint64_t shoff = elf.word(wide ? offsetof(Elf64_Ehdr, e_shoff) : offsetof(Elf32_Ehdr, e_shoff));
    const uint64_t entsize =
        elf.read(wide ? offsetof(Elf64_Ehdr, e_shentsize) : offsetof(Elf32_Ehdr, e_shentsize), 2);
    const uint64_t count =
        elf.read(wide ? offsetof(Elf64_Ehdr, e_shnum) : offsetof(Elf32_Ehdr, e_shnum), 2);
    const uint64_t names_index =
        elf.read(wide ? offsetof(Elf64_Ehdr, e_shstrndx) : offsetof(Elf32_Ehdr, e_shstrndx), 2);
    if (count == 0)
        return std::nullopt; // no section table (or more than 65279 sections: not a module)
    if (entsize < (wide ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr)))
        malformed("section headers too small");
    if (!inside(shoff, count * entsize, size))
        malformed("section headers lie outside the file");
    if (names_index >= count)
        malformed("no section name table");
    const SectionHeader names = section_header(elf, shoff + names_index * entsize);
    if (names.type == SHT_NOBITS || !inside(names.offset, names.size, size))
        malformed("the section name table lies outside the file");

    for (uint64_t i = 0; i < count; ++i) {
        const SectionHeader header = section_header(elf, shoff + i * entsize);
        if (header.name >= names.size)
            continue;
        const char* start = reinterpret_cast<const char*>(data + names.offset + header.name);
        const size_t room = names.size - header.name;
        const size_t length = strnlen(start, room);
        if (length == room || name.compare(0, std::string::npos, start, length) != 0)
            continue;
        if (header.type == SHT_NOBITS)
            return std::nullopt;
        if (!inside(header.offset, header.size, size))
            malformed("section " + name + " lies outside the file");
        return ElfSection{header.offset, header.size};
    }
    return std::nullopt;
}

size_t count_modinfo_entries(const unsigned char* data, size_t size) {
    size_t entries = 0;
    bool in_entry = false;
    for (size_t i = 0; i < size; ++i) {
        if (data[i] == '\0') {
            entries += in_entry;
            in_entry = false;
        } else {
            in_entry = true;
        }
    }
    return entries + in_entry;
}

} // namespace modmgr
