#include "kernel/read_at_once.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace modmgr {

std::optional<std::string> read_at_once(const std::string& path, size_t first_read_size) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    std::string buffer(first_read_size, '\0');
    for (;;) {
        const ssize_t n = ::pread(fd, buffer.data(), buffer.size(), 0);
        if (n < 0) {
            const int saved = errno;
            ::close(fd);
            errno = saved;
            return std::nullopt;
        }
        if (static_cast<size_t>(n) < buffer.size()) {
            ::close(fd);
            return buffer.substr(0, static_cast<size_t>(n));
        }
        buffer.resize(buffer.size() * 2);
    }
}

} // namespace modmgr
