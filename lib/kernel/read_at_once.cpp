#include "kernel/read_at_once.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>

namespace modmgr {

std::optional<std::string> read_at_once(int fd, size_t first_read_size, size_t max_size) {
    std::string buffer(std::min(first_read_size, max_size + 1), '\0');
    for (;;) {
        const ssize_t n = ::pread(fd, buffer.data(), buffer.size(), 0);
        if (n < 0)
            return std::nullopt;
        if (static_cast<size_t>(n) < buffer.size())
            return buffer.substr(0, static_cast<size_t>(n));
        if (buffer.size() > max_size) {
            errno = EFBIG;
            return std::nullopt;
        }
        buffer.resize(std::min(buffer.size() * 2, max_size + 1));
    }
}

std::optional<std::string> read_at_once(const std::string& path, size_t first_read_size) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    auto text = read_at_once(fd, first_read_size, SIZE_MAX - 1);
    const int saved = errno;
    ::close(fd);
    errno = saved;
    return text;
}

} // namespace modmgr
