#include "search/module_description.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

#include "base/module_error.h"
#include "base/owned_fd.h"
#include "image/elf_sections.h"
#include "image/module_decompression.h"
#include "info/modinfo_fields.h"

namespace modmgr {

namespace {


[[noreturn]] void failed(const std::string& path, const std::string& what) {
    throw ModuleError(ErrorCode::Failed, path + ": " + what + ": " + std::strerror(errno));
}

uint64_t size_of(int fd, const std::string& path) {
    struct stat st {};
    if (fstat(fd, &st) != 0)
        failed(path, "cannot examine");
    if (!S_ISREG(st.st_mode))
        throw ModuleError(ErrorCode::InvalidArgument, path + ": not a regular file");
    return static_cast<uint64_t>(st.st_size);
}

std::string read_description(int fd, uint64_t size, const ModuleFileLimits& limits) {
    // A real module's section tables take a few KiB.
    ElfFileBytes file(fd, size, limits.max_modinfo_size);
    const auto modinfo = find_elf_section(file, ".modinfo");
    if (!modinfo)
        return "";
    if (modinfo->size > limits.max_modinfo_size)
        throw ModuleError(ErrorCode::InvalidArgument,
                          "its .modinfo section is " + std::to_string(modinfo->size) + " bytes");
    const auto* bytes = file.piece(modinfo->offset, static_cast<size_t>(modinfo->size));
    const ModuleInfo fields =
        modinfo_fields(modinfo_entries(reinterpret_cast<const char*>(bytes), modinfo->size));
    const auto description = fields.find("description");
    return description == fields.end() ? "" : std::get<std::string>(description->second);
}

} // namespace

std::string module_file_description(const std::string& path, const ModuleFileLimits& limits) {
    // O_NONBLOCK: a FIFO in the tree's place must not hold the reader; size_of refuses it.
    const OwnedFd file(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (file.get() < 0) {
        if (errno == ENOENT)
            throw ModuleError(ErrorCode::NotFound, path + ": module file indexed but missing");
        failed(path, "cannot open");
    }
    const uint64_t size = size_of(file.get(), path);
    if (size > limits.max_file_size)
        throw ModuleError(ErrorCode::InvalidArgument, path + ": " + std::to_string(size) + " bytes");
    unsigned char magic[8] = {};
    const ssize_t n = pread(file.get(), magic, sizeof magic, 0);
    const Compression compression = compression_of(magic, n > 0 ? static_cast<size_t>(n) : 0);
    try {
        if (compression == Compression::None)
            return read_description(file.get(), size, limits);
        const OwnedFd unpacked(memfd_create("modmgr-search", MFD_CLOEXEC));
        if (unpacked.get() < 0)
            failed(path, "cannot make room to decompress");
        decompress_module(compression, file.get(), unpacked.get(), limits.max_module_size);
        return read_description(unpacked.get(), size_of(unpacked.get(), path), limits);
    } catch (const ModuleError& e) {
        throw ModuleError(e.code(), path + ": " + e.what());
    }
}

} // namespace modmgr
