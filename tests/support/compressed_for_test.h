#pragma once
// Data compressed the ways a module file may be (.ko.xz, .ko.zst), for tests.
#include <gtest/gtest.h>
#include <lzma.h>
#include <zstd.h>

#include <cstdint>
#include <string>

namespace modmgr {

inline std::string xz(const std::string& data, uint32_t dictionary = 1 << 20) {
    lzma_options_lzma options;
    lzma_lzma_preset(&options, 6);
    options.dict_size = dictionary;
    lzma_filter filters[] = {{LZMA_FILTER_LZMA2, &options}, {LZMA_VLI_UNKNOWN, nullptr}};
    std::string out(data.size() + (64 << 10), '\0');
    size_t used = 0;
    EXPECT_EQ(lzma_stream_buffer_encode(filters, LZMA_CHECK_CRC32, nullptr,
                                        reinterpret_cast<const uint8_t*>(data.data()), data.size(),
                                        reinterpret_cast<uint8_t*>(out.data()), &used, out.size()),
              LZMA_OK);
    out.resize(used);
    return out;
}

inline std::string zstd(const std::string& data) {
    std::string out(ZSTD_compressBound(data.size()), '\0');
    const size_t used = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
    EXPECT_FALSE(ZSTD_isError(used));
    out.resize(used);
    return out;
}

} // namespace modmgr
