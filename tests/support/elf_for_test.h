#pragma once
// Builds small ELF files (32 or 64 bit, either byte order) with the sections a
// test names, and reads whole files.
#include <elf.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace modmgr {

struct TestSection {
    std::string name;
    std::string bytes;
    uint32_t type = SHT_PROGBITS;
};

class ElfForTest {
public:
    ElfForTest(bool wide = true, bool little = true) : wide_(wide), little_(little) {}

    // Header, then each section's bytes, then .shstrtab, then the section headers.
    std::string build(const std::vector<TestSection>& sections) const {
        std::string names("\0", 1);
        std::vector<uint32_t> name_offsets;
        for (const auto& section : sections) {
            name_offsets.push_back(static_cast<uint32_t>(names.size()));
            names += section.name + '\0';
        }
        const uint32_t shstrtab_name = static_cast<uint32_t>(names.size());
        names += std::string(".shstrtab") + '\0';

        const size_t header_size = wide_ ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
        std::string body;
        std::vector<uint64_t> offsets;
        for (const auto& section : sections) {
            offsets.push_back(header_size + body.size());
            body += section.bytes;
        }
        const uint64_t names_offset = header_size + body.size();
        body += names;
        const uint64_t shoff = header_size + body.size();
        const uint16_t count = static_cast<uint16_t>(sections.size() + 2);

        std::string file = header(shoff, count, static_cast<uint16_t>(count - 1)) + body;
        file += section_header(0, SHT_NULL, 0, 0);
        for (size_t i = 0; i < sections.size(); ++i)
            file += section_header(name_offsets[i], sections[i].type, offsets[i],
                                   sections[i].bytes.size());
        file += section_header(shstrtab_name, SHT_STRTAB, names_offset, names.size());
        return file;
    }

    // The header of a file with `count` section headers at `shoff`, names in section `names`.
    std::string header(uint64_t shoff, uint16_t count, uint16_t names) const {
        std::string h(wide_ ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr), '\0');
        h[0] = ELFMAG0, h[1] = ELFMAG1, h[2] = ELFMAG2, h[3] = ELFMAG3;
        h[EI_CLASS] = static_cast<char>(wide_ ? ELFCLASS64 : ELFCLASS32);
        h[EI_DATA] = static_cast<char>(little_ ? ELFDATA2LSB : ELFDATA2MSB);
        h[EI_VERSION] = EV_CURRENT;
        put(h, 16, 2, ET_REL);
        put(h, 18, 2, EM_X86_64);
        put(h, 20, 4, EV_CURRENT);
        if (wide_) {
            put(h, offsetof(Elf64_Ehdr, e_shoff), 8, shoff);
            put(h, offsetof(Elf64_Ehdr, e_ehsize), 2, sizeof(Elf64_Ehdr));
            put(h, offsetof(Elf64_Ehdr, e_shentsize), 2, sizeof(Elf64_Shdr));
            put(h, offsetof(Elf64_Ehdr, e_shnum), 2, count);
            put(h, offsetof(Elf64_Ehdr, e_shstrndx), 2, names);
        } else {
            put(h, offsetof(Elf32_Ehdr, e_shoff), 4, shoff);
            put(h, offsetof(Elf32_Ehdr, e_ehsize), 2, sizeof(Elf32_Ehdr));
            put(h, offsetof(Elf32_Ehdr, e_shentsize), 2, sizeof(Elf32_Shdr));
            put(h, offsetof(Elf32_Ehdr, e_shnum), 2, count);
            put(h, offsetof(Elf32_Ehdr, e_shstrndx), 2, names);
        }
        return h;
    }

    std::string section_header(uint32_t name, uint32_t type, uint64_t offset, uint64_t size) const {
        std::string s(wide_ ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr), '\0');
        put(s, 0, 4, name);
        put(s, 4, 4, type);
        if (wide_) {
            put(s, offsetof(Elf64_Shdr, sh_offset), 8, offset);
            put(s, offsetof(Elf64_Shdr, sh_size), 8, size);
        } else {
            put(s, offsetof(Elf32_Shdr, sh_offset), 4, offset);
            put(s, offsetof(Elf32_Shdr, sh_size), 4, size);
        }
        return s;
    }

private:
    void put(std::string& bytes, size_t at, size_t width, uint64_t value) const {
        for (size_t i = 0; i < width; ++i) {
            const size_t byte = little_ ? i : width - 1 - i;
            bytes[at + byte] = static_cast<char>((value >> (8 * i)) & 0xff);
        }
    }

    bool wide_;
    bool little_;
};

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

} // namespace modmgr
