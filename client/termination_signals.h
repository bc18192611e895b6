#pragma once
// SIGINT and SIGTERM as a readable file descriptor (signalfd), so a long-running command can
// wait for them in the same poll(2) as its bus connection and end cleanly instead of dying
// half-way through a line of output.
#include <signal.h>

#include <chrono>

namespace modmgr {

class TerminationSignals {
public:
    // Blocks SIGINT and SIGTERM for the whole process until destruction.
    TerminationSignals();
    ~TerminationSignals();
    TerminationSignals(const TerminationSignals&) = delete;
    TerminationSignals& operator=(const TerminationSignals&) = delete;

    int fd() const { return fd_; }
    // Whether one has arrived (consumes it).
    bool received();
    // Sleeps for `duration` unless one arrives first; true if one did.
    bool wait_for(std::chrono::milliseconds duration);

private:
    sigset_t previous_mask_;
    int fd_ = -1;
};

} // namespace modmgr
