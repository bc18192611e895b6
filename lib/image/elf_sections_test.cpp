#include "image/elf_sections.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/module_error.h"
#include "support/elf_for_test.h"
#include "support/test_kernel_tree.h"

namespace modmgr {
namespace {

const unsigned char* bytes(const std::string& s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}

std::string section_of(const std::string& file, const std::string& name) {
    const auto found = find_elf_section(bytes(file), file.size(), name);
    if (!found)
        return "<none>";
    return file.substr(found->offset, found->size);
}

TEST(ElfSectionsTest, FindsTheModinfoOfARealModule) {
    const std::string dummy = read_file(test_modules_dir() + "/kernel/drivers/net/dummy.ko");
    const std::string modinfo = section_of(dummy, ".modinfo");
    EXPECT_NE(modinfo.find(std::string("name=dummy") + '\0'), std::string::npos);
    EXPECT_NE(modinfo.find("parm=numdummies:"), std::string::npos);
    EXPECT_EQ(section_of(dummy, ".no_such_section"), "<none>");
}

TEST(ElfSectionsTest, ReadsEveryClassAndByteOrder) {
    for (bool wide : {false, true})
        for (bool little : {false, true}) {
            const std::string file = ElfForTest(wide, little)
                                         .build({{".text", "code"}, {".modinfo", "license=GPL"}});
            EXPECT_EQ(section_of(file, ".modinfo"), "license=GPL") << wide << little;
            EXPECT_EQ(section_of(file, ".text"), "code");
        }
}

TEST(ElfSectionsTest, EveryOffsetAndSizeIsCheckedAgainstTheFile) {
    const ElfForTest elf;
    const std::string good = elf.build({{".modinfo", "a=b"}});
    auto refused = [](const std::string& file) {
        try {
            find_elf_section(bytes(file), file.size(), ".modinfo");
        } catch (const ModuleError& e) {
            return e.code() == ErrorCode::InvalidArgument;
        }
        return false;
    };
    EXPECT_TRUE(refused(""));
    EXPECT_TRUE(refused("hello world, not an ELF file at all, definitely not one"));
    EXPECT_TRUE(refused(good.substr(0, 20))) << "a truncated header";
    EXPECT_TRUE(refused(good.substr(0, good.size() - 1))) << "truncated section headers";
    // Section headers said to lie far beyond the end.
    EXPECT_TRUE(refused(elf.header(1ull << 40, 3, 2) + std::string(256, '\0')));
    // The name table's index beyond the headers.
    std::string names_out_of_range = good;
    names_out_of_range.replace(0, sizeof(Elf64_Ehdr), elf.header(sizeof(Elf64_Ehdr) + 3 + 20, 3, 7));
    EXPECT_TRUE(refused(names_out_of_range));
    // A section whose bytes are said to run past the end of the file.
    const std::string body = "a=b";
    const std::string names = std::string("\0.modinfo\0.shstrtab\0", 20);
    const uint64_t shoff = sizeof(Elf64_Ehdr) + body.size() + names.size();
    const std::string past_end = elf.header(shoff, 3, 2) + body + names +
                                 elf.section_header(0, SHT_NULL, 0, 0) +
                                 elf.section_header(1, SHT_PROGBITS, sizeof(Elf64_Ehdr), 1 << 30) +
                                 elf.section_header(10, SHT_STRTAB, sizeof(Elf64_Ehdr) + 3, names.size());
    EXPECT_TRUE(refused(past_end));
}

TEST(ElfSectionsTest, NamesWithoutTheirEndOrBeyondTheTableMatchNothing) {
    const ElfForTest elf;
    const std::string names = std::string("\0.modinfo", 9); // the last name has no NUL
    const uint64_t shoff = sizeof(Elf64_Ehdr) + names.size();
    const std::string file = elf.header(shoff, 4, 1) + names +
                             elf.section_header(0, SHT_NULL, 0, 0) +
                             elf.section_header(0, SHT_STRTAB, sizeof(Elf64_Ehdr), names.size()) +
                             elf.section_header(1, SHT_PROGBITS, 0, 4) +
                             elf.section_header(5000, SHT_PROGBITS, 0, 4);
    EXPECT_FALSE(find_elf_section(bytes(file), file.size(), ".modinfo"));
}

TEST(ElfSectionsTest, ASectionWithoutBytesInTheFileIsNone) {
    // Found by fuzzing: a NOBITS section's offset may lie anywhere, beyond the file too.
    const ElfForTest elf;
    const std::string names = std::string("\0.modinfo\0.shstrtab\0", 20);
    const uint64_t shoff = sizeof(Elf64_Ehdr) + names.size();
    const std::string file = elf.header(shoff, 3, 2) + names +
                             elf.section_header(0, SHT_NULL, 0, 0) +
                             elf.section_header(1, SHT_NOBITS, 1ull << 40, 4096) +
                             elf.section_header(10, SHT_STRTAB, sizeof(Elf64_Ehdr), names.size());
    EXPECT_FALSE(find_elf_section(bytes(file), file.size(), ".modinfo"));
}

// The file `content`, open for reading (a memfd), closed with the object.
class OpenFile {
public:
    explicit OpenFile(const std::string& content) : fd_(memfd_create("elf-test", MFD_CLOEXEC)) {
        EXPECT_EQ(write(fd_, content.data(), content.size()), static_cast<ssize_t>(content.size()));
    }
    ~OpenFile() { close(fd_); }
    int fd() const { return fd_; }

private:
    int fd_;
};

TEST(ElfSectionsTest, ReadsAFileInPiecesAsInMemory) {
    const std::string dummy = read_file(test_modules_dir() + "/kernel/drivers/net/dummy.ko");
    const OpenFile file(dummy);
    ElfFileBytes pieces(file.fd(), dummy.size(), 64 * 1024);
    const auto found = find_elf_section(pieces, ".modinfo");
    const auto in_memory = find_elf_section(bytes(dummy), dummy.size(), ".modinfo");
    ASSERT_TRUE(found && in_memory);
    EXPECT_EQ(found->offset, in_memory->offset);
    EXPECT_EQ(found->size, in_memory->size);
}

TEST(ElfSectionsTest, AFileReadInPiecesReadsNoPieceOverItsBound) {
    const std::string file = ElfForTest().build({{".modinfo", "license=GPL"}});
    const OpenFile open(file);
    ElfFileBytes small(open.fd(), file.size(), 16);
    try {
        find_elf_section(small, ".modinfo");
        ADD_FAILURE() << "read a piece over the bound";
    } catch (const ModuleError& e) {
        EXPECT_EQ(e.code(), ErrorCode::InvalidArgument) << e.what();
    }
    // The file shrank after its size was taken: a failure, not garbage.
    ElfFileBytes shrunk(open.fd(), file.size(), 64 * 1024);
    ASSERT_EQ(ftruncate(open.fd(), 32), 0);
    try {
        find_elf_section(shrunk, ".modinfo");
        ADD_FAILURE() << "read past the end";
    } catch (const ModuleError& e) {
        EXPECT_EQ(e.code(), ErrorCode::Failed) << e.what();
    }
}

TEST(ElfSectionsTest, CountsModinfoEntriesSkippingPadding) {
    const std::string modinfo("a=1\0\0\0b=2\0c=3", 13);
    EXPECT_EQ(count_modinfo_entries(bytes(modinfo), modinfo.size()), 3u);
    EXPECT_EQ(count_modinfo_entries(bytes(modinfo), 0), 0u);
}

} // namespace
} // namespace modmgr
