#include "module_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "exit_codes.h"

namespace modmgr {

namespace {

ExitCode exit_code_for_errno(int error) {
    switch (error) {
    case ENOENT:
    case ENOTDIR:
        return ExitCode::NotFound;
    case EACCES:
    case EPERM:
        return ExitCode::NotAuthorized;
    default:
        return ExitCode::Failure;
    }
}

// What a module file starts with: an ELF image, or one compressed as kmod reads them (xz,
// zstd, gzip). Anything else is refused here with its name, rather than by the daemon, which
// sees only a descriptor.
bool starts_like_a_module(int fd) {
    static constexpr std::string_view kMagics[] = {
        {"\x7f" "ELF", 4}, {"\xfd" "7zXZ\0", 6}, {"\x28\xb5\x2f\xfd", 4}, {"\x1f\x8b", 2}};
    char start[6] = {};
    const ssize_t got = ::pread(fd, start, sizeof start, 0);
    const std::string_view read(start, got > 0 ? static_cast<size_t>(got) : 0);
    for (const auto magic : kMagics)
        if (read.substr(0, magic.size()) == magic)
            return true;
    return false;
}

} // namespace

OwnedFd open_module_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        const int error = errno;
        throw CommandFailure(exit_code_for_errno(error),
                             "cannot open " + path + ": " + std::strerror(error));
    }
    OwnedFd file(fd);
    struct stat status {};
    if (::fstat(file.get(), &status) < 0) {
        const int error = errno;
        throw CommandFailure(ExitCode::Failure, "cannot stat " + path + ": " + std::strerror(error));
    }
    if (!S_ISREG(status.st_mode))
        throw CommandFailure(ExitCode::Usage, path + " is not a regular file");
    if (!starts_like_a_module(file.get()))
        throw CommandFailure(ExitCode::Usage,
                             path + " is not a kernel module (no ELF module image)");
    return file;
}

} // namespace modmgr
