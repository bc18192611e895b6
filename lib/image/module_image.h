#pragma once
// A module file a caller passed as an open file descriptor, as modmgrd reads it: copied
// through that fd (deadline_copy) into a memfd modmgrd owns and then seals, decompressed
// within bounds when compressed, and checked to be an ELF file with a .modinfo section of
// sane size - before libkmod or the kernel sees a byte of it. So the caller can neither
// change the file under the parser (libkmod mmaps what it parses: a truncation would kill
// the daemon with SIGBUS), nor make modmgrd read or unpack more than the bounds, nor hold it
// with a lease or a file system that does not answer, nor use an fd without read access
// (O_PATH, write-only) to have root read a file for it.
#include <chrono>
#include <cstddef>
#include <string>
#include <utility>

namespace modmgr {

struct ModuleFileLimits {
    // The largest module of Debian's kernel (amdgpu) is 19 MiB; compressed ones are a third of
    // that. The copies are memory (memfds): modmgrd.service's MemoryMax= counts on these.
    size_t max_file_size = 32 << 20;   // the caller's file, compressed or not
    size_t max_module_size = 48 << 20; // after decompression
    // Real modules: at most ~1,700 entries and ~100 KiB (aliases of a USB serial driver).
    size_t max_modinfo_size = 1 << 20;
    size_t max_modinfo_entries = 16384;
    std::chrono::milliseconds read_deadline{5000};
};

class ModuleImage {
public:
    // Throws ModuleError(InvalidArgument) naming what is wrong with the file.
    static ModuleImage from_caller_fd(int fd, const ModuleFileLimits& limits = {});

    ModuleImage(ModuleImage&& other) noexcept;
    ModuleImage& operator=(ModuleImage&& other) noexcept;
    ~ModuleImage();

    // A path by which libkmod opens the sealed copy (/proc/self/fd/N of the memfd).
    std::string path() const;
    // The caller's file as this process sees it, "" when unknown: Info's "filename".
    const std::string& origin() const { return origin_; }

private:
    ModuleImage(int fd, std::string origin) : fd_(fd), origin_(std::move(origin)) {}
    int fd_ = -1;
    std::string origin_;
};

} // namespace modmgr
