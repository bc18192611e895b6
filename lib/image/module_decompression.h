#pragma once
// Decompresses a module file (.ko.xz, .ko.zst: the formats this system's libkmod reads) with
// bounds on what it may cost: at most `max_output` bytes out and a bounded decoder memory,
// so that 150 KiB of xz that unpacks to gigabytes is refused after `max_output` bytes, not
// after filling the memory. libkmod itself decompresses without any limit; modmgrd hands it
// only files that are already decompressed.
#include <cstddef>
#include <string>

namespace modmgr {

enum class Compression { None, Xz, Zstd, Gzip };

// By the file's first bytes (its magic number).
Compression compression_of(const unsigned char* start, size_t size);
const char* compression_name(Compression compression);

// Reads `source` (with pread, from offset 0) and appends the decompressed bytes to `target`.
// Throws ModuleError(InvalidArgument) when the data is corrupt, needs more than the decoder's
// memory bound, or decompresses to more than `max_output` bytes.
void decompress_module(Compression compression, int source, int target, size_t max_output);

} // namespace modmgr
