#include "base/deadline_copy.h"

#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "base/module_error.h"
#include "base/pidfd.h"

namespace modmgr {

namespace {

// The child's exit status says how it ended: 0 copied, a read's errno (below 250), or one of
// these.
constexpr int kTooLarge = 250;
constexpr int kWriteFailed = 251;

// Runs in the child of a multi-threaded process: only async-signal-safe calls.
[[noreturn]] void copy_in_child(int source, int target, size_t max_bytes) {
    char buffer[64 * 1024];
    size_t total = 0;
    for (;;) {
        const ssize_t n = pread(source, buffer, sizeof buffer, static_cast<off_t>(total));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            _exit(errno > 0 && errno < kTooLarge ? errno : EIO);
        if (n == 0)
            _exit(0);
        if (static_cast<size_t>(n) > max_bytes - total)
            _exit(kTooLarge);
        for (ssize_t written = 0; written < n;) {
            const ssize_t w = write(target, buffer + written, static_cast<size_t>(n - written));
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                _exit(kWriteFailed);
            written += w;
        }
        total += static_cast<size_t>(n);
    }
}

[[noreturn]] void refuse(const std::string& why) { throw ModuleError(ErrorCode::InvalidArgument, why); }

} // namespace

size_t copy_before_deadline(int source, int target, size_t max_bytes,
                            std::chrono::milliseconds deadline) {
    struct stat before {};
    if (fstat(target, &before) != 0)
        throw ModuleError(ErrorCode::Failed, std::string("cannot stat the copy: ") + std::strerror(errno));

    const pid_t child = fork();
    if (child < 0)
        throw ModuleError(ErrorCode::Failed, std::string("cannot fork to read the file: ") +
                                                 std::strerror(errno));
    if (child == 0)
        copy_in_child(source, target, max_bytes);

    // The child is not waited for yet, so its pid cannot be reused under us.
    const int pidfd = pidfd_open(child, 0);
    bool finished = false;
    if (pidfd >= 0) {
        pollfd exited{pidfd, POLLIN, 0};
        int r;
        do {
            r = poll(&exited, 1, static_cast<int>(deadline.count()));
        } while (r < 0 && errno == EINTR);
        finished = r > 0;
        close(pidfd);
    }
    if (!finished)
        kill(child, SIGKILL);
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (pidfd < 0)
        throw ModuleError(ErrorCode::Failed, "cannot watch the process reading the file");
    if (!finished)
        refuse("the file was not read within " + std::to_string(deadline.count()) +
               " ms (is it on a file system that does not answer?)");
    if (!WIFEXITED(status))
        throw ModuleError(ErrorCode::Failed, "the process reading the file died");
    const int code = WEXITSTATUS(status);
    if (code == kTooLarge)
        refuse("the file is larger than " + std::to_string(max_bytes >> 20) + " MiB");
    if (code == kWriteFailed)
        throw ModuleError(ErrorCode::Failed, "cannot copy the file into memory");
    if (code != 0)
        refuse(std::string("cannot read the file: ") + std::strerror(code));

    struct stat after {};
    if (fstat(target, &after) != 0)
        throw ModuleError(ErrorCode::Failed, std::string("cannot stat the copy: ") + std::strerror(errno));
    return static_cast<size_t>(after.st_size - before.st_size);
}

} // namespace modmgr
