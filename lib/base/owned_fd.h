#pragma once
// A file descriptor with one owner, closed when that owner goes (or hands it on).
#include <unistd.h>

#include <utility>

namespace modmgr {

class OwnedFd {
public:
    explicit OwnedFd(int fd) : fd_(fd) {}
    ~OwnedFd() { reset(-1); }
    OwnedFd(const OwnedFd&) = delete;
    OwnedFd& operator=(const OwnedFd&) = delete;

    int get() const { return fd_; }
    // The fd, which the caller now owns.
    int release() { return std::exchange(fd_, -1); }
    // Closes the fd owned so far and owns `fd` instead.
    void reset(int fd) {
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = fd;
    }

private:
    int fd_;
};

} // namespace modmgr
