#include "kernel/settled_read.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

namespace modmgr {
namespace {

struct Reading {
    std::string text;
    int calls_with_data = 0;
};

// The file from its start to its end, and how many read() calls brought data.
std::optional<Reading> read_to_end(const ReadAt& read_at, size_t chunk_size, size_t max_size) {
    Reading reading;
    for (;;) {
        const size_t used = reading.text.size();
        if (used > max_size) {
            errno = EFBIG;
            return std::nullopt;
        }
        reading.text.resize(used + chunk_size);
        const ssize_t n = read_at(reading.text.data() + used, chunk_size, static_cast<off_t>(used));
        if (n < 0)
            return std::nullopt;
        reading.text.resize(used + static_cast<size_t>(n));
        if (n == 0) {
            reading.text.shrink_to_fit();
            return reading;
        }
        ++reading.calls_with_data;
    }
}

} // namespace

std::optional<std::string> read_settled(const ReadAt& read_at, size_t chunk_size, size_t max_size) {
    auto last = read_to_end(read_at, chunk_size, max_size);
    if (!last)
        return std::nullopt;
    for (int readings = 1; last->calls_with_data > 1 && readings < kMaxSettledReadings; ++readings) {
        auto again = read_to_end(read_at, chunk_size, max_size);
        if (!again)
            return std::nullopt;
        const bool agree = again->text == last->text;
        last = std::move(again);
        if (agree)
            break;
    }
    return std::move(last->text);
}

std::optional<std::string> read_settled(const std::string& path, size_t chunk_size) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    auto text = read_settled(
        [fd](char* buffer, size_t size, off_t offset) { return ::pread(fd, buffer, size, offset); },
        chunk_size, SIZE_MAX / 2);
    const int saved = errno;
    ::close(fd);
    errno = saved;
    return text;
}

} // namespace modmgr
