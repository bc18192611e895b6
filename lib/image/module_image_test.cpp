#include "image/module_image.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <libkmod.h>
#include <lzma.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "base/module_error.h"
#include "support/elf_for_test.h"
#include "support/scratch_dir.h"
#include "support/test_kernel_tree.h"

namespace modmgr {
namespace {

class ModuleImageTest : public ::testing::Test {
protected:
    std::string dummy_path() const { return test_modules_dir() + "/kernel/drivers/net/dummy.ko"; }

    int open_fd(const std::string& path, int flags = O_RDONLY) {
        const int fd = open(path.c_str(), flags | O_CLOEXEC);
        EXPECT_GE(fd, 0) << path;
        fds_.push_back(fd);
        return fd;
    }

    std::string refusal(int fd, const ModuleFileLimits& limits = {}) {
        try {
            ModuleImage::from_caller_fd(fd, limits);
        } catch (const ModuleError& e) {
            EXPECT_EQ(e.code(), ErrorCode::InvalidArgument) << e.what();
            return e.what();
        }
        return "<accepted>";
    }

    std::string file_with(const std::string& name, const std::string& bytes) {
        return dir_.write(name, bytes);
    }

    ~ModuleImageTest() override {
        for (int fd : fds_)
            close(fd);
    }

    ScratchDir dir_;
    std::vector<int> fds_;
};

TEST_F(ModuleImageTest, ASealedCopyOfTheCallersFileThatLibkmodReads) {
    const std::string copy = file_with("dummy.ko", read_file(dummy_path()));
    const ModuleImage image = ModuleImage::from_caller_fd(open_fd(copy));
    EXPECT_EQ(image.origin(), copy);
    EXPECT_TRUE(read_file(image.path()) == read_file(dummy_path()));
    // The caller changing its file afterwards changes nothing modmgrd reads.
    truncate(copy.c_str(), 0);
    EXPECT_TRUE(read_file(image.path()) == read_file(dummy_path()));
    const int fd = open_fd(image.path());
    EXPECT_EQ(fcntl(fd, F_GET_SEALS), F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);

    kmod_ctx* ctx = kmod_new(test_modules_dir().c_str(), nullptr);
    kmod_module* module = nullptr;
    ASSERT_EQ(kmod_module_new_from_path(ctx, image.path().c_str(), &module), 0);
    kmod_list* info = nullptr;
    EXPECT_GT(kmod_module_get_info(module, &info), 0);
    kmod_module_info_free_list(info);
    kmod_module_unref(module);
    kmod_unref(ctx);
}

TEST_F(ModuleImageTest, DescriptorsThatDoNotGiveReadAccessAreRefused) {
    // Root may read this file; a caller passing an O_PATH or write-only fd may not.
    const std::string secret = file_with("secret.ko", read_file(dummy_path()));
    chmod(secret.c_str(), 0600);
    EXPECT_NE(refusal(open_fd(secret, O_PATH)).find("O_PATH"), std::string::npos);
    EXPECT_NE(refusal(open_fd(secret, O_WRONLY)).find("not open for reading"), std::string::npos);
    EXPECT_NE(refusal(open_fd(dir_.path(), O_RDONLY | O_DIRECTORY)).find("not a regular file"),
              std::string::npos);
    EXPECT_NE(refusal(open_fd("/dev/zero")).find("not a regular file"), std::string::npos);
    EXPECT_NE(refusal(-1).find("not open"), std::string::npos);
    EXPECT_NE(refusal(9999).find("not open"), std::string::npos);
}

TEST_F(ModuleImageTest, FilesThatAreNoModulesOrTooBigAreRefused) {
    EXPECT_NE(refusal(open_fd(file_with("empty.ko", ""))).find("empty"), std::string::npos);
    EXPECT_NE(refusal(open_fd(file_with("text.ko", "hello\n"))).find("not a kernel module"),
              std::string::npos);
    EXPECT_NE(refusal(open_fd(file_with("plain.o", ElfForTest().build({{".text", "x"}}))))
                  .find("no .modinfo section"),
              std::string::npos);
    ModuleFileLimits small;
    small.max_file_size = 1000;
    EXPECT_NE(refusal(open_fd(dummy_path()), small).find("larger than"), std::string::npos);
}

TEST_F(ModuleImageTest, AnOversizedModinfoIsRefusedBeforeAnyParserSeesIt) {
    ModuleFileLimits limits;
    const std::string huge = ElfForTest().build({{".modinfo", std::string(limits.max_modinfo_size + 1, 'a')}});
    EXPECT_NE(refusal(open_fd(file_with("huge.ko", huge))).find(".modinfo section is"), std::string::npos);
    std::string many;
    for (size_t i = 0; i <= limits.max_modinfo_entries; ++i)
        many += "a=b" + std::string(1, '\0');
    const std::string crowded = ElfForTest().build({{".modinfo", many}});
    EXPECT_NE(refusal(open_fd(file_with("many.ko", crowded))).find("more than 16384 entries"),
              std::string::npos);
}

TEST_F(ModuleImageTest, CompressedModulesAreUnpackedWithinTheBound) {
    const std::string dummy = read_file(dummy_path());
    std::string packed(dummy.size() + 4096, '\0');
    size_t used = 0;
    ASSERT_EQ(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC32, nullptr,
                                      reinterpret_cast<const uint8_t*>(dummy.data()), dummy.size(),
                                      reinterpret_cast<uint8_t*>(packed.data()), &used, packed.size()),
              LZMA_OK);
    packed.resize(used);
    const ModuleImage image = ModuleImage::from_caller_fd(open_fd(file_with("dummy.ko.xz", packed)));
    EXPECT_TRUE(read_file(image.path()) == dummy);

    const std::string zeros(8 << 20, '\0');
    std::string bomb(1 << 20, '\0');
    used = 0; // lzma_easy_buffer_encode writes from out[used] on
    ASSERT_EQ(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC32, nullptr,
                                      reinterpret_cast<const uint8_t*>(zeros.data()), zeros.size(),
                                      reinterpret_cast<uint8_t*>(bomb.data()), &used, bomb.size()),
              LZMA_OK);
    bomb.resize(used);
    ModuleFileLimits limits;
    limits.max_module_size = 4 << 20;
    const std::string why = refusal(open_fd(file_with("bomb.ko.xz", bomb)), limits);
    EXPECT_NE(why.find("more than 4 MiB"), std::string::npos) << why;
}

// The caller truncates and restores its file while modmgrd reads it: modmgrd never maps the
// caller's file, so this can end in a refusal but never in SIGBUS.
TEST_F(ModuleImageTest, AFileChangingUnderTheReaderIsNeverAFault) {
    const std::string dummy = read_file(dummy_path());
    const std::string path = file_with("racing.ko", dummy);
    std::atomic<bool> done{false};
    std::thread racer([&] {
        while (!done) {
            truncate(path.c_str(), 100);
            std::ofstream(path, std::ios::binary) << dummy;
        }
    });
    int accepted = 0, refused = 0;
    for (int i = 0; i < 100; ++i) {
        try {
            ModuleImage::from_caller_fd(open_fd(path));
            ++accepted;
        } catch (const ModuleError&) {
            ++refused;
        }
    }
    done = true;
    racer.join();
    EXPECT_EQ(accepted + refused, 100);
}

} // namespace
} // namespace modmgr
