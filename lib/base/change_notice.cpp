#include "base/change_notice.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <system_error>

namespace modmgr {
namespace {

// A directory's entries, and the watched inode itself going away.
constexpr uint32_t kEntries =
    IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF;
// A watched path: its entries if a directory, its contents and status if a file. Reading it
// (IN_OPEN, IN_ACCESS, IN_CLOSE_NOWRITE) is left out: the callers read what they watch.
constexpr uint32_t kSelf = kEntries | IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE;
// One event is enough to know; more are left for arm() to discard.
constexpr size_t kBufferSize = 4096;
// As the kernel's path walk allows (its ELOOP limit).
constexpr int kMaxSymlinkHops = 40;

std::string parent_of(const std::string& path) {
    const std::string parent = std::filesystem::path(path).parent_path().string();
    return parent.empty() ? "." : parent;
}

} // namespace

ChangeNotice::ChangeNotice() : ChangeNotice(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {}

ChangeNotice::ChangeNotice(int instance) : fd_(instance) {}

ChangeNotice::~ChangeNotice() {
    if (fd_ >= 0)
        ::close(fd_);
}

bool ChangeNotice::fired() {
    if (!armed_)
        return true;
    alignas(inotify_event) char buffer[kBufferSize];
    if (::read(fd_, buffer, sizeof buffer) < 0 && errno == EAGAIN)
        return false;
    armed_ = false;
    return true;
}

void ChangeNotice::arm(const std::vector<std::string>& paths) {
    disarm();
    if (fd_ < 0)
        return;
    for (const int wd : watches_)
        inotify_rm_watch(fd_, wd);
    watches_.clear();
    // After the removals, whose IN_IGNORED events are discarded with the rest.
    alignas(inotify_event) char buffer[kBufferSize];
    ssize_t n;
    while ((n = ::read(fd_, buffer, sizeof buffer)) > 0) {
    }
    if (n < 0 && errno != EAGAIN) {
        give_up();
        return;
    }
    armed_ = watch_all(paths);
}

void ChangeNotice::disarm() {
    armed_ = false;
    ++arming_;
}

bool ChangeNotice::watch_all(const std::vector<std::string>& paths) {
    return std::all_of(paths.begin(), paths.end(), [this](const std::string& path) {
        return watch(path, kSelf) && watch(parent_of(path), kEntries);
    });
}

bool ChangeNotice::watch(std::string path, uint32_t mask) {
    for (int hops = 0; watches_.size() < kMaxWatches;) {
        // IN_MASK_ADD: a directory watched as a path and as a parent gets both masks.
        const int wd = inotify_add_watch(fd_, path.c_str(), mask | IN_MASK_ADD);
        if (wd >= 0) {
            if (std::find(watches_.begin(), watches_.end(), wd) == watches_.end())
                watches_.push_back(wd);
            return true;
        }
        const int error = errno;
        std::error_code ec;
        if (error == ENOENT && std::filesystem::is_symlink(path, ec)) {
            // Dangling: what stat(2) would see appear is its target.
            if (++hops > kMaxSymlinkHops)
                return false;
            path = (std::filesystem::path(path).parent_path() /
                    std::filesystem::read_symlink(path, ec))
                       .string();
            continue;
        }
        const std::string parent = parent_of(path);
        if ((error != ENOENT && error != ENOTDIR) || parent == path) {
            give_up();
            return false;
        }
        // Absent: its appearing is an entry created in the nearest existing ancestor.
        path = parent;
        mask = kEntries;
    }
    return false;
}

void ChangeNotice::give_up() {
    ::close(fd_);
    fd_ = -1;
    watches_.clear();
}

} // namespace modmgr
