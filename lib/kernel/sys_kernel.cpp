#include "kernel/sys_kernel.h"

#include <fcntl.h>
#include <libkmod.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <system_error>

#include "base/module_error.h"
#include "kernel/proc_modules.h"

namespace modmgr {
namespace {

constexpr size_t kInitialReadSize = 64 * 1024;

// The whole file from ONE read(): procfs and sysfs generate the text per read call, so a
// file read in pieces may mix two states of the kernel (lsmod's race, kmod #41). When the
// buffer turns out too small, read again from the start with a bigger one.
// nullopt with errno set when the file cannot be opened or read.
std::optional<std::string> read_at_once(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    std::string buffer(kInitialReadSize, '\0');
    for (;;) {
        const ssize_t n = ::pread(fd, buffer.data(), buffer.size(), 0);
        if (n < 0) {
            const int saved = errno;
            ::close(fd);
            errno = saved;
            return std::nullopt;
        }
        if (static_cast<size_t>(n) < buffer.size()) {
            ::close(fd);
            buffer.resize(static_cast<size_t>(n));
            return buffer;
        }
        buffer.resize(buffer.size() * 2);
    }
}

} // namespace

std::map<std::string, std::string> world_readable_parameters(const std::string& directory) {
    std::map<std::string, std::string> parameters;
    std::error_code ec;
    // The module may be unloading while we look: a vanished directory is not an error.
    for (std::filesystem::directory_iterator it(directory, ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        const auto& entry = *it;
        std::error_code status_ec;
        const auto status = entry.status(status_ec);
        if (status_ec || !std::filesystem::is_regular_file(status) ||
            (status.permissions() & std::filesystem::perms::others_read) == std::filesystem::perms::none)
            continue;
        auto value = read_at_once(entry.path().string());
        if (!value)
            continue;
        if (!value->empty() && value->back() == '\n')
            value->pop_back();
        parameters.emplace(entry.path().filename().string(), std::move(*value));
    }
    return parameters;
}

Snapshot SysKernel::snapshot() {
    const auto text = read_at_once("/proc/modules");
    if (!text) {
        // A kernel built without CONFIG_MODULES has no /proc/modules: nothing is loaded.
        if (errno == ENOENT)
            return {};
        throw ModuleError(ErrorCode::Failed,
                          std::string("cannot read /proc/modules: ") + std::strerror(errno));
    }
    return parse_proc_modules(*text);
}

std::map<std::string, std::string> SysKernel::parameters(const std::string& name) {
    // Only a module's own directory: no name the kernel lists can climb out of /sys/module.
    if (name.empty() || name[0] == '.' || name.find('/') != std::string::npos)
        return {};
    return world_readable_parameters("/sys/module/" + name + "/parameters");
}

int SysKernel::insert(kmod_module* module, const std::string& options) {
    return kmod_module_insert_module(module, 0, options.c_str());
}

int SysKernel::remove(const std::string& name) {
    // O_NONBLOCK: fail with EWOULDBLOCK while the module is used instead of waiting for the
    // last reference, as kmod does.
    if (::syscall(__NR_delete_module, name.c_str(), O_NONBLOCK) == 0)
        return 0;
    return -errno;
}

} // namespace modmgr
