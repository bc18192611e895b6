#include "devices/sysfs_tree.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include "kernel/read_at_once.h"
#include "text/string_join.h"

namespace modmgr {
namespace {

// Symlinks followed in one path at most, as the kernel's own limit (ELOOP).
constexpr int kMaxSymlinks = 40;

std::vector<std::string> components(const std::string& path) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= path.size()) {
        const size_t end = std::min(path.find('/', start), path.size());
        if (end > start)
            parts.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

// RESOLVE_BENEATH done here, for where openat2 is refused: systemd's RestrictSUIDSGID=
// answers it ENOSYS (seccomp cannot see its mode). Each component is looked at without
// following it, a symlink's relative target takes its place, ".." climbs only what was
// descended, and the path finally opened holds no symlink and no "..". (A tree changing
// meanwhile could race this; /sys is only the kernel's to change.)
int open_walking_beneath(int at, const std::string& relative, uint64_t flags, bool no_symlinks) {
    std::vector<std::string> pending = components(relative);
    std::reverse(pending.begin(), pending.end());
    std::vector<std::string> resolved;
    int symlinks = 0;
    while (!pending.empty()) {
        const std::string part = pending.back();
        pending.pop_back();
        if (part == ".")
            continue;
        if (part == "..") {
            if (resolved.empty())
                return errno = EXDEV, -1;
            resolved.pop_back();
            continue;
        }
        resolved.push_back(part);
        const std::string path = join(resolved, "/");
        struct stat status {};
        if (::fstatat(at, path.c_str(), &status, AT_SYMLINK_NOFOLLOW) != 0)
            return -1;
        if (!S_ISLNK(status.st_mode))
            continue;
        char target[PATH_MAX];
        const ssize_t n = ::readlinkat(at, path.c_str(), target, sizeof target);
        if (no_symlinks || n <= 0 || static_cast<size_t>(n) == sizeof target || target[0] == '/' ||
            ++symlinks > kMaxSymlinks)
            return errno = ELOOP, -1;
        resolved.pop_back();
        auto parts = components(std::string(target, static_cast<size_t>(n)));
        pending.insert(pending.end(), parts.rbegin(), parts.rend());
    }
    const std::string path = resolved.empty() ? "." : join(resolved, "/");
    return ::openat(at, path.c_str(), static_cast<int>(flags) | O_CLOEXEC | O_NOFOLLOW);
}

int open_beneath(int at, const std::string& relative, uint64_t flags, uint64_t resolve) {
    open_how how{};
    how.flags = flags | O_CLOEXEC;
    how.resolve = resolve | RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    const int fd = static_cast<int>(::syscall(SYS_openat2, at, relative.c_str(), &how, sizeof how));
    if (fd >= 0 || errno != ENOSYS)
        return fd;
    return open_walking_beneath(at, relative, flags, resolve & RESOLVE_NO_SYMLINKS);
}

} // namespace

SysfsDirectory::~SysfsDirectory() {
    if (fd_ >= 0)
        ::close(fd_);
}

SysfsDirectory& SysfsDirectory::operator=(SysfsDirectory&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = other.fd_;
        other.fd_ = -1;
    }
    return *this;
}

std::optional<std::string> SysfsDirectory::attribute(const char* name) const {
    if (fd_ < 0)
        return std::nullopt;
    // O_NONBLOCK: a FIFO in a tree that is not the kernel's must not hold a worker.
    const int fd = open_beneath(fd_, name, O_RDONLY | O_NONBLOCK, RESOLVE_NO_SYMLINKS);
    if (fd < 0)
        return std::nullopt;
    struct stat status {};
    std::optional<std::string> text;
    if (::fstat(fd, &status) == 0 && S_ISREG(status.st_mode))
        text = read_at_once(fd, kSysfsReadSize, kSysfsReadSize);
    ::close(fd);
    return text;
}

std::string SysfsDirectory::link_name(const char* name) const {
    if (fd_ < 0)
        return {};
    char target[PATH_MAX];
    const ssize_t n = ::readlinkat(fd_, name, target, sizeof target);
    if (n <= 0 || static_cast<size_t>(n) == sizeof target)
        return {};
    std::string path(target, static_cast<size_t>(n));
    while (!path.empty() && path.back() == '/')
        path.pop_back();
    const std::string last = path.substr(path.find_last_of('/') + 1);
    return last == "." || last == ".." ? std::string() : last;
}

std::vector<std::string> SysfsDirectory::entries(size_t max_entries, bool& more) const {
    std::vector<std::string> names;
    if (fd_ < 0)
        return names;
    // fdopendir takes the descriptor it reads: a copy, so this directory stays open.
    const int copy = ::fcntl(fd_, F_DUPFD_CLOEXEC, 0);
    DIR* dir = copy >= 0 ? ::fdopendir(copy) : nullptr;
    if (dir == nullptr) {
        if (copy >= 0)
            ::close(copy);
        return names;
    }
    ::rewinddir(dir);
    while (const dirent* entry = ::readdir(dir)) {
        if (std::strcmp(entry->d_name, ".") == 0 || std::strcmp(entry->d_name, "..") == 0)
            continue;
        if (names.size() == max_entries) {
            more = true;
            break;
        }
        names.emplace_back(entry->d_name);
    }
    ::closedir(dir);
    return names;
}

SysfsTree::SysfsTree(const std::string& root) {
    if (!root.empty())
        root_ = SysfsDirectory(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
}

SysfsDirectory SysfsTree::directory(const std::string& relative) const {
    if (!root_)
        return {};
    return SysfsDirectory(open_beneath(root_.fd_, relative, O_RDONLY | O_DIRECTORY, 0));
}

} // namespace modmgr
