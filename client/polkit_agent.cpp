#include "polkit_agent.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <string>

namespace modmgr {

namespace {

void wait_until_closed(int fd) {
    char byte;
    while (true) {
        const ssize_t n = ::read(fd, &byte, 1);
        if (n == 0 || (n < 0 && errno != EINTR))
            return;
    }
}

} // namespace

PolkitAgent::PolkitAgent() {
    int notify[2];
    if (::pipe2(notify, O_CLOEXEC) < 0)
        return;
    // Everything the child needs is built before fork: after it only async-signal-safe calls.
    const std::string process = std::to_string(::getpid());
    const std::string notify_fd = std::to_string(notify[1]);
    const char* const argv[] = {"pkttyagent", "--process", process.c_str(), "--fallback",
                                "--notify-fd", notify_fd.c_str(), nullptr};
    const pid_t parent = ::getpid();

    pid_ = ::fork();
    if (pid_ == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent)
            ::_exit(1);
        // The agent talks to the terminal; keep anything it prints out of our stdout (--json).
        ::dup2(STDERR_FILENO, STDOUT_FILENO);
        ::fcntl(notify[1], F_SETFD, 0);
        ::execvp(argv[0], const_cast<char* const*>(argv));
        ::_exit(127);
    }
    ::close(notify[1]);
    if (pid_ > 0)
        wait_until_closed(notify[0]);
    ::close(notify[0]);
}

PolkitAgent::~PolkitAgent() {
    if (pid_ <= 0)
        return;
    ::kill(pid_, SIGTERM);
    while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
}

} // namespace modmgr
