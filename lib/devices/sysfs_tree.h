#pragma once
// A sysfs tree read without ever leaving it: /sys in production, a directory a test built
// otherwise. Every path is resolved beneath the root by the kernel (openat2 with
// RESOLVE_BENEATH), so neither a name nor a symlink in the tree can reach a file outside it;
// every file is read in one bounded read, and symlinks are only read (readlinkat), for the
// name they point to.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace modmgr {

// An open directory of the tree; closes it.
class SysfsDirectory {
public:
    SysfsDirectory() = default;
    explicit SysfsDirectory(int fd) : fd_(fd) {}
    ~SysfsDirectory();
    SysfsDirectory(SysfsDirectory&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    SysfsDirectory& operator=(SysfsDirectory&& other) noexcept;
    SysfsDirectory(const SysfsDirectory&) = delete;
    SysfsDirectory& operator=(const SysfsDirectory&) = delete;

    explicit operator bool() const { return fd_ >= 0; }

    // The file `name` in this directory (no symlink), whole from one read when it is a
    // regular file of at most a page, as a sysfs attribute is; nullopt otherwise.
    std::optional<std::string> attribute(const char* name) const;
    // The last component of where the symlink `name` points ("e1000e" for
    // ../../../bus/pci/drivers/e1000e); "" when there is no such symlink.
    std::string link_name(const char* name) const;
    // At most `max_entries` names of entries (not "." and ".."), in the order the directory
    // gives them; `more` is set when there were more.
    std::vector<std::string> entries(size_t max_entries, bool& more) const;

private:
    friend class SysfsTree;
    int fd_ = -1;
};

class SysfsTree {
public:
    // `root` = "/sys"; "" is a tree with nothing in it (a simulated kernel without devices).
    explicit SysfsTree(const std::string& root);

    // The directory at `relative` (components of at most NAME_MAX bytes), its symlinks
    // followed only while they stay beneath the root; an empty one when there is none.
    SysfsDirectory directory(const std::string& relative) const;

private:
    SysfsDirectory root_;
};

} // namespace modmgr
