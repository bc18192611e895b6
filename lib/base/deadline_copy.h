#pragma once
// Copies a file someone else opened, without letting that file hold the caller: the reads
// happen in a short-lived child process that is killed when the deadline passes. A read can
// block for as long as the file's owner likes (a FUSE server that never answers, a network
// file system, a file in a user namespace's mount over one), and a blocked read cannot be
// interrupted any other way; a SIGKILLed child always goes.
// The source is read through `source` only (pread from offset 0): never re-opened by path, so
// no access the opener lacked is gained and no lease or lock on the path is waited for.
#include <chrono>
#include <cstddef>

namespace modmgr {

// Appends at most `max_bytes` of `source` to `target`. Throws ModuleError(InvalidArgument)
// when `source` cannot be read, holds more than `max_bytes`, or is not read within `deadline`.
// Returns the number of bytes copied.
size_t copy_before_deadline(int source, int target, size_t max_bytes,
                            std::chrono::milliseconds deadline);

} // namespace modmgr
