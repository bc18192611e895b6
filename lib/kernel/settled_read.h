#pragma once
// The whole of a procfs seq_file that may be longer than a page, as one state of the kernel.
// The kernel makes each read() of such a file from its state at that moment and gives at
// most a page per call: /proc/modules with more than about 90 modules takes several. A module
// removed between two of them shifts the lines after it, so the next call skips one that
// never left (lsmod's race, kmod #41); one added repeats a line. So the file is read to its
// end, and while that took more than one read() call, read again until two readings agree.
// One read() alone is one state: the kernel holds its lock for the whole call.
#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

namespace modmgr {

// Readings made at most: a kernel whose modules change faster than it can be read twice
// gets the last one, which the next refresh (a uevent, or the periodic one) reads again.
constexpr int kMaxSettledReadings = 5;

// pread(2) of the file: bytes read into `buffer` from `offset`, 0 at its end, -1 with errno.
using ReadAt = std::function<ssize_t(char* buffer, size_t size, off_t offset)>;

// The settled text, each read() asking for `chunk_size` bytes; nullopt with errno set when a
// read fails, or with EFBIG when a reading passes `max_size` bytes.
std::optional<std::string> read_settled(const ReadAt& read_at, size_t chunk_size, size_t max_size);
// The same for the file at `path`; nullopt with errno set when it cannot be opened.
std::optional<std::string> read_settled(const std::string& path, size_t chunk_size);

} // namespace modmgr
