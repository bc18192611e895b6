#include "module_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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
    return file;
}

} // namespace modmgr
