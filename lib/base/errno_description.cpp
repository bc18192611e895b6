#include "base/errno_description.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace modmgr {
namespace {

struct ErrnoText {
    int number;
    const char* name;
    // What the errno means when init_module/finit_module returns it.
    const char* insert_sentence;
};

// EAGAIN/EWOULDBLOCK and ENOTSUP/EOPNOTSUPP share a value on Linux; the first entry wins.
constexpr ErrnoText kErrnos[] = {
    {EPERM, "EPERM", "the kernel forbids loading modules (lockdown, modules_disabled or module_blacklist=)"},
    {ENOENT, "ENOENT", "unknown symbol or parameter (see the kernel log)"},
    {EINTR, "EINTR", "interrupted while loading"},
    {EIO, "EIO", "input/output error while the module initialized"},
    {ENXIO, "ENXIO", "the module found no device or address"},
    {ENOEXEC, "ENOEXEC", "not a valid module for this kernel (bad format, architecture or version magic)"},
    {EBADF, "EBADF", "the module file descriptor is not readable"},
    {EAGAIN, "EAGAIN", "a resource the module needs is temporarily unavailable"},
    {ENOMEM, "ENOMEM", "the kernel ran out of memory"},
    {EACCES, "EACCES", "permission denied"},
    {EFAULT, "EFAULT", "bad address"},
    {EBUSY, "EBUSY", "a resource the module needs is busy"},
    {EEXIST, "EEXIST", "the module is already loaded"},
    {ENODEV, "ENODEV", "the module found no device"},
    {EINVAL, "EINVAL", "invalid parameter value or symbol version mismatch (see the kernel log)"},
    {ETXTBSY, "ETXTBSY", "the module file is open for writing"},
    {EFBIG, "EFBIG", "the module is too large"},
    {ENOSPC, "ENOSPC", "the kernel ran out of space for the module"},
    {ERANGE, "ERANGE", "a value is out of range"},
    {ENOSYS, "ENOSYS", "the kernel has no module support"},
    {ENODATA, "ENODATA", "the module lacks data the kernel requires"},
    {ETIME, "ETIME", "the module timed out initializing"},
    {EBADMSG, "EBADMSG", "the module's signature is malformed"},
    {EOVERFLOW, "EOVERFLOW", "a value overflowed"},
    {EMSGSIZE, "EMSGSIZE", "the module's signature has an invalid size"},
    {EPROTO, "EPROTO", "protocol error"},
    {EOPNOTSUPP, "EOPNOTSUPP", "an operation the module needs is not supported"},
    {ETIMEDOUT, "ETIMEDOUT", "the module timed out initializing"},
    {ENOKEY, "ENOKEY", "the module is not signed with a trusted key and the kernel requires one"},
    {EKEYREJECTED, "EKEYREJECTED", "the kernel rejected the module's signature"},
    {EKEYEXPIRED, "EKEYEXPIRED", "the key that signed the module has expired"},
    {EKEYREVOKED, "EKEYREVOKED", "the key that signed the module was revoked"},
    {EHWPOISON, "EHWPOISON", "memory page has a hardware error"},
};

// libkmod hands back negative errnos, callers of errno() positive ones: accept both.
int normalized(int errnum) { return std::abs(errnum); }

const ErrnoText* find(int errnum) {
    for (const auto& entry : kErrnos)
        if (entry.number == errnum)
            return &entry;
    return nullptr;
}

std::string refused(const std::string& module, int errnum, const std::string& sentence) {
    return errno_name(errnum) + ": " + sentence + " (module " + module + ")";
}

} // namespace

std::string errno_name(int errnum) {
    errnum = normalized(errnum);
    const ErrnoText* entry = find(errnum);
    return entry != nullptr ? entry->name : "E" + std::to_string(errnum);
}

ModuleError insert_error(const std::string& module, int errnum) {
    errnum = normalized(errnum);
    if (errnum == EEXIST)
        return ModuleError(ErrorCode::AlreadyLoaded, module + " is already loaded");
    const ErrnoText* entry = find(errnum);
    return ModuleError(ErrorCode::KernelRefused,
                       refused(module, errnum,
                               entry != nullptr ? entry->insert_sentence : std::strerror(errnum)));
}

ModuleError remove_error(const std::string& module, int errnum) {
    errnum = normalized(errnum);
    switch (errnum) {
    case EWOULDBLOCK:
        return ModuleError(ErrorCode::InUse, module + " is in use");
    case EBUSY:
        return ModuleError(ErrorCode::InUse,
                           module + " is not live: it is still initializing or already unloading");
    case ENOENT:
        return ModuleError(ErrorCode::NotLoaded, module + " is not loaded");
    case EPERM:
        return ModuleError(ErrorCode::KernelRefused,
                           refused(module, errnum,
                                   "the kernel forbids unloading modules (no CAP_SYS_MODULE, "
                                   "lockdown or modules_disabled)"));
    case ENOSYS:
        return ModuleError(ErrorCode::KernelRefused,
                           refused(module, errnum, "the kernel cannot unload modules"));
    default:
        return ModuleError(ErrorCode::KernelRefused, refused(module, errnum, std::strerror(errnum)));
    }
}

} // namespace modmgr
