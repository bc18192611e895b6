#include "image/elf_sections.h"

#include <elf.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "base/module_error.h"

namespace modmgr {

namespace {

[[noreturn]] void malformed(const std::string& what) {
    throw ModuleError(ErrorCode::InvalidArgument, "not a well-formed ELF file: " + what);
}

// Reads integers of the file's byte order and class at checked offsets of one piece of it.
class ElfReader {
public:
    ElfReader(const unsigned char* data, size_t size, bool wide, bool little)
        : data_(data), size_(size), wide_(wide), little_(little) {}

    // Over the file's header, whose identification says how the rest reads.
    static ElfReader of_header(const unsigned char* data, size_t size) {
        if (size < EI_NIDENT || std::memcmp(data, ELFMAG, SELFMAG) != 0)
            malformed("no ELF header");
        if (data[EI_CLASS] != ELFCLASS32 && data[EI_CLASS] != ELFCLASS64)
            malformed("unknown class");
        if (data[EI_DATA] != ELFDATA2LSB && data[EI_DATA] != ELFDATA2MSB)
            malformed("unknown byte order");
        const bool wide = data[EI_CLASS] == ELFCLASS64;
        if (size < (wide ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr)))
            malformed("truncated header");
        return ElfReader(data, size, wide, data[EI_DATA] == ELFDATA2LSB);
    }
    // Over another piece of the same file.
    ElfReader of_piece(const unsigned char* data, size_t size) const {
        return ElfReader(data, size, wide_, little_);
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

class MemoryElfBytes final : public ElfBytes {
public:
    MemoryElfBytes(const unsigned char* data, size_t size) : data_(data), size_(size) {}
    uint64_t size() const override { return size_; }
    const unsigned char* piece(uint64_t offset, size_t) override { return data_ + offset; }

private:
    const unsigned char* data_;
    size_t size_;
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

std::optional<ElfSection> find_elf_section(ElfBytes& file, const std::string& name) {
    const uint64_t size = file.size();
    const size_t header_size = static_cast<size_t>(std::min<uint64_t>(size, sizeof(Elf64_Ehdr)));
    const ElfReader elf = ElfReader::of_header(file.piece(0, header_size), header_size);
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
    const size_t table_size = static_cast<size_t>(count * entsize);
    const ElfReader table = elf.of_piece(file.piece(shoff, table_size), table_size);
    const SectionHeader names = section_header(table, names_index * entsize);
    if (names.type == SHT_NOBITS || !inside(names.offset, names.size, size))
        malformed("the section name table lies outside the file");
    const unsigned char* name_table = file.piece(names.offset, static_cast<size_t>(names.size));

    for (uint64_t i = 0; i < count; ++i) {
        const SectionHeader header = section_header(table, i * entsize);
        if (header.name >= names.size)
            continue;
        const char* start = reinterpret_cast<const char*>(name_table + header.name);
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

std::optional<ElfSection> find_elf_section(const unsigned char* data, size_t size,
                                           const std::string& name) {
    MemoryElfBytes file(data, size);
    return find_elf_section(file, name);
}

const unsigned char* ElfFileBytes::piece(uint64_t offset, size_t length) {
    if (length > max_piece_)
        throw ModuleError(ErrorCode::InvalidArgument,
                          "a table of " + std::to_string(length) + " bytes; at most " +
                              std::to_string(max_piece_) + " are read");
    std::vector<unsigned char>& bytes = pieces_.emplace_back(length);
    size_t done = 0;
    while (done < length) {
        const ssize_t n = pread(fd_, bytes.data() + done, length - done,
                                static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            throw ModuleError(ErrorCode::Failed, std::string("cannot read: ") + std::strerror(errno));
        if (n == 0)
            throw ModuleError(ErrorCode::Failed, "the file is shorter than it was");
        done += static_cast<size_t>(n);
    }
    return bytes.data();
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
