#include "termination_signals.h"

#include <poll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace modmgr {

TerminationSignals::TerminationSignals() {
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGTERM);
    // Blocked, they stay pending for the signalfd instead of killing the process.
    ::sigprocmask(SIG_BLOCK, &mask, &previous_mask_);
    fd_ = ::signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
    if (fd_ < 0) {
        const int error = errno;
        ::sigprocmask(SIG_SETMASK, &previous_mask_, nullptr);
        throw std::system_error(error, std::generic_category(), "signalfd");
    }
}

TerminationSignals::~TerminationSignals() {
    ::close(fd_);
    ::sigprocmask(SIG_SETMASK, &previous_mask_, nullptr);
}

bool TerminationSignals::received() {
    signalfd_siginfo info;
    return ::read(fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info);
}

bool TerminationSignals::wait_for(std::chrono::milliseconds duration) {
    pollfd fds{fd_, POLLIN, 0};
    const auto deadline = std::chrono::steady_clock::now() + duration;
    while (true) {
        // Rounded up: poll(2) would otherwise return before the deadline.
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return false;
        const int ready = ::poll(&fds, 1, static_cast<int>(left.count()));
        if (ready > 0)
            return received();
        if (ready < 0 && errno != EINTR)
            throw std::system_error(errno, std::generic_category(), "poll");
    }
}

} // namespace modmgr
