#include "search/module_description.h"

#include <gtest/gtest.h>
#include <sys/stat.h>


#include "base/module_error.h"
#include "support/compressed_for_test.h"
#include "support/elf_for_test.h"
#include "support/module_error_code.h"
#include "support/scratch_dir.h"
#include "support/test_kernel_tree.h"

namespace modmgr {
namespace {

std::string debian_module(const std::string& relative) {
    return test_modules_dir() + "/kernel/" + relative;
}

TEST(ModuleDescription, IsModinfosDescription) {
    EXPECT_EQ(module_file_description(debian_module("drivers/net/ethernet/intel/e1000e/e1000e.ko")),
              "Intel(R) PRO/1000 Network Driver");
    // dummy declares none.
    EXPECT_EQ(module_file_description(debian_module("drivers/net/dummy.ko")), "");
    // Several: every one, one per line, as Info shows them.
    const ScratchDir scratch;
    const std::string twice = scratch.write(
        "twice.ko", ElfForTest().build({{".modinfo", std::string("description=one\0description=two\0", 32)}}));
    EXPECT_EQ(module_file_description(twice), "one\ntwo");
}

TEST(ModuleDescription, OfACompressedFileIsTheSame) {
    const ScratchDir scratch;
    const std::string packed = scratch.write(
        "e1000e.ko.zst", zstd(read_file(debian_module("drivers/net/ethernet/intel/e1000e/e1000e.ko"))));
    EXPECT_EQ(module_file_description(packed), "Intel(R) PRO/1000 Network Driver");
}

TEST(ModuleDescription, AFileThatIsNoModuleIsATypedError) {
    const ScratchDir scratch;
    EXPECT_EQ(error_of([&] { module_file_description(scratch.file("gone.ko")); }), ErrorCode::NotFound);
    const std::string text = scratch.write("text.ko", "not an ELF file at all, just words");
    EXPECT_EQ(error_of([&] { module_file_description(text); }), ErrorCode::InvalidArgument);
    EXPECT_EQ(error_of([&] { module_file_description(scratch.path()); }), ErrorCode::InvalidArgument);
    // A FIFO in a module's place is refused, not waited on.
    ASSERT_EQ(mkfifo(scratch.file("fifo.ko").c_str(), 0600), 0);
    EXPECT_EQ(error_of([&] { module_file_description(scratch.file("fifo.ko")); }), ErrorCode::InvalidArgument);
    // Past the bounds of a module file.
    ModuleFileLimits small;
    small.max_file_size = 1024;
    EXPECT_EQ(error_of([&] {
                  module_file_description(debian_module("drivers/net/ethernet/intel/e1000e/e1000e.ko"), small);
              }),
              ErrorCode::InvalidArgument);
}

} // namespace
} // namespace modmgr
