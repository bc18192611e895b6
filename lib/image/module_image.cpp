#include "image/module_image.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <utility>

#include "base/deadline_copy.h"
#include "base/module_error.h"
#include "base/owned_fd.h"
#include "image/elf_sections.h"
#include "image/module_decompression.h"

namespace modmgr {

namespace {

[[noreturn]] void refuse(const std::string& why) {
    throw ModuleError(ErrorCode::InvalidArgument, why);
}

[[noreturn]] void fail(const std::string& what) {
    throw ModuleError(ErrorCode::Failed, what + ": " + std::strerror(errno));
}

int new_memfd() {
    const int fd = memfd_create("modmgr-module", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0)
        fail("cannot make room for the module file");
    return fd;
}

// The caller's fd must be one that lets the caller read the file.
void check_caller_fd(int fd) {
    const int flags = fcntl(fd, F_GETFL);
    if (flags < 0)
        refuse("the file descriptor is not open");
    if (flags & O_PATH)
        refuse("the file descriptor was opened with O_PATH; pass one opened for reading");
    if ((flags & O_ACCMODE) == O_WRONLY)
        refuse("the file descriptor is not open for reading");
    struct stat st {};
    if (fstat(fd, &st) != 0)
        refuse(std::string("the file cannot be examined: ") + std::strerror(errno));
    // A pipe, socket or device could block the reader or never end.
    if (!S_ISREG(st.st_mode))
        refuse("not a regular file");
    struct statfs fs {};
    // A FUSE file system's reads are answered by whoever mounted it, when they like.
    if (fstatfs(fd, &fs) == 0 && fs.f_type == FUSE_SUPER_MAGIC)
        refuse("the file is on a FUSE file system; copy it to a local one");
}

Compression compression_of_copy(int fd) {
    unsigned char magic[8] = {};
    const ssize_t n = pread(fd, magic, sizeof magic, 0);
    return compression_of(magic, n > 0 ? static_cast<size_t>(n) : 0);
}

void check_modinfo(int fd, const ModuleFileLimits& limits) {
    struct stat st {};
    if (fstat(fd, &st) != 0)
        fail("cannot examine the module copy");
    const size_t size = static_cast<size_t>(st.st_size);
    if (size == 0)
        refuse("not a kernel module: the file is empty");
    // Sealed: the mapping cannot shrink under us.
    void* mapped = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (mapped == MAP_FAILED)
        fail("cannot map the module copy");
    const auto* data = static_cast<const unsigned char*>(mapped);
    std::string problem;
    try {
        const auto modinfo = find_elf_section(data, size, ".modinfo");
        if (!modinfo)
            problem = "not a kernel module: the file has no .modinfo section";
        else if (modinfo->size > limits.max_modinfo_size)
            problem = "its .modinfo section is " + std::to_string(modinfo->size) +
                      " bytes; modmgrd reads at most " + std::to_string(limits.max_modinfo_size);
        else if (count_modinfo_entries(data + modinfo->offset, modinfo->size) >
                 limits.max_modinfo_entries)
            problem = "its .modinfo section has more than " +
                      std::to_string(limits.max_modinfo_entries) + " entries";
    } catch (const ModuleError& e) {
        problem = std::string("not a kernel module: ") + e.what();
    }
    munmap(mapped, size);
    if (!problem.empty())
        refuse(problem);
}

std::string origin_of(int fd) {
    std::error_code ec;
    const auto target = std::filesystem::read_symlink("/proc/self/fd/" + std::to_string(fd), ec);
    return ec ? std::string() : target.string();
}

} // namespace

ModuleImage ModuleImage::from_caller_fd(int fd, const ModuleFileLimits& limits) {
    check_caller_fd(fd);
    OwnedFd copy(new_memfd());
    copy_before_deadline(fd, copy.get(), limits.max_file_size, limits.read_deadline);
    const Compression compression = compression_of_copy(copy.get());
    if (compression != Compression::None) {
        OwnedFd unpacked(new_memfd());
        decompress_module(compression, copy.get(), unpacked.get(), limits.max_module_size);
        copy.reset(unpacked.release());
    }
    if (fcntl(copy.get(), F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0)
        fail("cannot seal the module copy");
    check_modinfo(copy.get(), limits);
    return ModuleImage(copy.release(), origin_of(fd));
}

ModuleImage::ModuleImage(ModuleImage&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), origin_(std::move(other.origin_)) {}

ModuleImage& ModuleImage::operator=(ModuleImage&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0)
            close(fd_);
        fd_ = std::exchange(other.fd_, -1);
        origin_ = std::move(other.origin_);
    }
    return *this;
}

ModuleImage::~ModuleImage() {
    if (fd_ >= 0)
        close(fd_);
}

std::string ModuleImage::path() const { return "/proc/self/fd/" + std::to_string(fd_); }

} // namespace modmgr
