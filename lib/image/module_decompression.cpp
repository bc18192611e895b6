#include "image/module_decompression.h"

#include <lzma.h>
#include <unistd.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include "base/module_error.h"

namespace modmgr {

namespace {

constexpr size_t kChunk = 64 * 1024;
// Decoder memory: xz's dictionary and zstd's window. Kernel builds use 1-2 MiB dictionaries
// (xz) and the default window (zstd); 32 MiB leaves room for any sane compressor setting.
constexpr uint64_t kXzMemoryLimit = 32 << 20;
constexpr int kZstdWindowLogMax = 25;

[[noreturn]] void refuse(const std::string& why) {
    throw ModuleError(ErrorCode::InvalidArgument, why);
}

// The decoders' input and output: `source` read in chunks, output appended to `target` and
// counted against the bound.
class Pump {
public:
    Pump(int source, int target, size_t max_output, const char* format)
        : input_(kChunk), output_(kChunk), source_(source), target_(target),
          max_output_(max_output), format_(format) {}

    // Reads the next chunk; false at the end of the source.
    bool read_more() {
        ssize_t n;
        do {
            n = pread(source_, input_.data(), input_.size(), static_cast<off_t>(read_));
        } while (n < 0 && errno == EINTR);
        if (n < 0)
            throw ModuleError(ErrorCode::Failed, std::string("cannot read the compressed copy: ") +
                                                     std::strerror(errno));
        available_ = static_cast<size_t>(n);
        read_ += available_;
        return n > 0;
    }

    void write(size_t produced) {
        written_ += produced;
        if (written_ > max_output_)
            refuse(std::string("the ") + format_ + " data decompresses to more than " +
                   std::to_string(max_output_ >> 20) + " MiB");
        for (size_t done = 0; done < produced;) {
            const ssize_t w = ::write(target_, output_.data() + done, produced - done);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                throw ModuleError(ErrorCode::Failed, "cannot write the decompressed module");
            done += static_cast<size_t>(w);
        }
    }

    std::vector<unsigned char> input_, output_;
    size_t available_ = 0; // bytes of input_ the last read_more() filled

private:
    int source_, target_;
    size_t max_output_;
    const char* format_;
    size_t read_ = 0;
    size_t written_ = 0;
};

void decompress_xz(int source, int target, size_t max_output) {
    lzma_stream stream = LZMA_STREAM_INIT;
    if (lzma_stream_decoder(&stream, kXzMemoryLimit, LZMA_CONCATENATED) != LZMA_OK)
        throw ModuleError(ErrorCode::Failed, "cannot start the xz decoder");
    std::unique_ptr<lzma_stream, void (*)(lzma_stream*)> guard(&stream, lzma_end);
    Pump pump(source, target, max_output, "xz");
    lzma_action action = LZMA_RUN;
    for (;;) {
        if (stream.avail_in == 0 && action == LZMA_RUN) {
            if (!pump.read_more())
                action = LZMA_FINISH;
            stream.next_in = pump.input_.data();
            stream.avail_in = pump.available_;
        }
        stream.next_out = pump.output_.data();
        stream.avail_out = pump.output_.size();
        const lzma_ret ret = lzma_code(&stream, action);
        pump.write(pump.output_.size() - stream.avail_out);
        if (ret == LZMA_STREAM_END)
            return;
        if (ret == LZMA_MEMLIMIT_ERROR)
            refuse("the xz data needs more than " + std::to_string(kXzMemoryLimit >> 20) +
                   " MiB to decompress");
        if (ret != LZMA_OK)
            refuse("the xz data is corrupt or truncated (liblzma error " + std::to_string(ret) + ")");
    }
}

void decompress_zstd(int source, int target, size_t max_output) {
    std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> context(ZSTD_createDCtx(), ZSTD_freeDCtx);
    if (!context ||
        ZSTD_isError(ZSTD_DCtx_setParameter(context.get(), ZSTD_d_windowLogMax, kZstdWindowLogMax)))
        throw ModuleError(ErrorCode::Failed, "cannot start the zstd decoder");
    Pump pump(source, target, max_output, "zstd");
    size_t last = 1; // ZSTD_decompressStream's hint: 0 once a frame is complete
    while (pump.read_more()) {
        ZSTD_inBuffer in{pump.input_.data(), pump.available_, 0};
        ZSTD_outBuffer out{pump.output_.data(), pump.output_.size(), 0};
        // Until the chunk is used up and the decoder holds nothing more (a full output
        // buffer may mean more is waiting).
        do {
            out.pos = 0;
            last = ZSTD_decompressStream(context.get(), &out, &in);
            if (ZSTD_isError(last))
                refuse(std::string("the zstd data cannot be decompressed: ") + ZSTD_getErrorName(last));
            pump.write(out.pos);
        } while (in.pos < in.size || out.pos == out.size);
    }
    if (last != 0)
        refuse("the zstd data is truncated");
}

} // namespace

Compression compression_of(const unsigned char* start, size_t size) {
    static const unsigned char xz[] = {0xfd, '7', 'z', 'X', 'Z', 0x00};
    static const unsigned char zstd[] = {0x28, 0xb5, 0x2f, 0xfd};
    static const unsigned char gzip[] = {0x1f, 0x8b};
    auto starts_with = [&](const unsigned char* magic, size_t length) {
        return size >= length && std::memcmp(start, magic, length) == 0;
    };
    if (starts_with(xz, sizeof xz))
        return Compression::Xz;
    if (starts_with(zstd, sizeof zstd))
        return Compression::Zstd;
    if (starts_with(gzip, sizeof gzip))
        return Compression::Gzip;
    return Compression::None;
}

const char* compression_name(Compression compression) {
    switch (compression) {
    case Compression::None:
        return "none";
    case Compression::Xz:
        return "xz";
    case Compression::Zstd:
        return "zstd";
    case Compression::Gzip:
        return "gzip";
    }
    return "?";
}

void decompress_module(Compression compression, int source, int target, size_t max_output) {
    switch (compression) {
    case Compression::Xz:
        decompress_xz(source, target, max_output);
        return;
    case Compression::Zstd:
        decompress_zstd(source, target, max_output);
        return;
    case Compression::Gzip:
        refuse("the module is gzip-compressed; this system's kmod reads only xz and zstd");
    case Compression::None:
        return;
    }
}

} // namespace modmgr
