#include "image/module_decompression.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/module_error.h"
#include "support/compressed_for_test.h"
#include "support/elf_for_test.h"
#include "support/test_kernel_tree.h"

namespace modmgr {
namespace {

// A memfd holding `bytes`.
int memory_file(const std::string& bytes) {
    const int fd = memfd_create("test", MFD_CLOEXEC);
    EXPECT_EQ(write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
    return fd;
}

struct Decompressed {
    std::string bytes;
    std::string error;
};

Decompressed decompress(const std::string& compressed, size_t max_output) {
    const unsigned char* start = reinterpret_cast<const unsigned char*>(compressed.data());
    const int source = memory_file(compressed);
    const int target = memfd_create("out", MFD_CLOEXEC);
    Decompressed result;
    try {
        decompress_module(compression_of(start, compressed.size()), source, target, max_output);
    } catch (const ModuleError& e) {
        EXPECT_EQ(e.code(), ErrorCode::InvalidArgument) << e.what();
        result.error = e.what();
    }
    const off_t size = lseek(target, 0, SEEK_END);
    EXPECT_LE(static_cast<size_t>(size), max_output + (64 << 10)) << "wrote past the bound";
    result.bytes.resize(static_cast<size_t>(size));
    EXPECT_EQ(pread(target, result.bytes.data(), result.bytes.size(), 0), size);
    close(source);
    close(target);
    return result;
}

TEST(ModuleDecompressionTest, RecognizesTheFormatsByTheirMagic) {
    auto of = [](const std::string& s) {
        return compression_of(reinterpret_cast<const unsigned char*>(s.data()), s.size());
    };
    EXPECT_EQ(of(xz("x")), Compression::Xz);
    EXPECT_EQ(of(zstd("x")), Compression::Zstd);
    EXPECT_EQ(of("\x1f\x8b\x08"), Compression::Gzip);
    EXPECT_EQ(of("\x7f" "ELF"), Compression::None);
    EXPECT_EQ(of(""), Compression::None);
}

TEST(ModuleDecompressionTest, XzAndZstdModulesComeBackByteForByte) {
    const std::string dummy = read_file(test_modules_dir() + "/kernel/drivers/net/dummy.ko");
    for (const auto& compressed : {xz(dummy), zstd(dummy)}) {
        const Decompressed out = decompress(compressed, 64 << 20);
        EXPECT_EQ(out.error, "");
        EXPECT_TRUE(out.bytes == dummy);
    }
}

TEST(ModuleDecompressionTest, ABombIsRefusedAtTheBoundNotAtTheEnd) {
    const std::string zeros(32 << 20, '\0');
    for (const auto& compressed : {xz(zeros), zstd(zeros)}) {
        ASSERT_LT(compressed.size(), 64u << 10);
        const Decompressed out = decompress(compressed, 1 << 20);
        EXPECT_NE(out.error.find("decompresses to more than 1 MiB"), std::string::npos) << out.error;
    }
}

TEST(ModuleDecompressionTest, DataThatNeedsMoreDecoderMemoryIsRefused) {
    const Decompressed out = decompress(xz("tiny", 1u << 30), 1 << 20);
    EXPECT_NE(out.error.find("needs more than 32 MiB"), std::string::npos) << out.error;
}

TEST(ModuleDecompressionTest, CorruptTruncatedAndGzipDataAreRefused) {
    const std::string dummy = read_file(test_modules_dir() + "/kernel/drivers/net/dummy.ko");
    const std::string packed = xz(dummy);
    EXPECT_NE(decompress(packed.substr(0, packed.size() / 2), 64 << 20).error.find("corrupt or truncated"),
              std::string::npos);
    const std::string squeezed = zstd(dummy);
    EXPECT_NE(decompress(squeezed.substr(0, squeezed.size() / 2), 64 << 20).error.find("truncated"),
              std::string::npos);
    std::string garbled = squeezed;
    for (size_t i = 8; i < garbled.size(); i += 7)
        garbled[i] = static_cast<char>(~garbled[i]);
    EXPECT_NE(decompress(garbled, 64 << 20).error, "");
    EXPECT_NE(decompress("\x1f\x8b\x08\x00", 64 << 20).error.find("gzip"), std::string::npos);
}

} // namespace
} // namespace modmgr
