#pragma once
// The whole of a sysfs attribute or a small procfs file from ONE read(): the kernel makes the
// text per read call, so a file read in pieces may mix two states of it (lsmod's race, kmod
// #41). When the buffer turns out too small, the file is read again from the start with a
// bigger one. The text comes back in a string of its own size, not of the buffer's. Only for
// files the kernel gives whole in one call: of a seq_file it gives at most a page per call,
// and a short read is not its end (/proc/modules: settled_read.h).
#include <cstddef>
#include <optional>
#include <string>

namespace modmgr {

// What a read() asks for: of /proc/modules, a line per module (settled_read.h, which the
// kernel answers a page at a time); a sysfs attribute is at most a page. Each parameter is
// read into its own buffer on every periodic refresh, and a buffer sized for /proc/modules
// cost 64 KiB of touched memory per parameter file.
constexpr size_t kProcModulesReadSize = 64 * 1024;
constexpr size_t kSysfsReadSize = 4096;

// nullopt with errno set when the file cannot be opened or read.
std::optional<std::string> read_at_once(const std::string& path, size_t first_read_size);
// The same from a file already open (the caller closes it), bounded: a file of more than
// `max_size` bytes is nullopt with errno EFBIG, as only a tree that is not the kernel's (one a
// test built) holds such a sysfs file.
std::optional<std::string> read_at_once(int fd, size_t first_read_size, size_t max_size);

} // namespace modmgr
