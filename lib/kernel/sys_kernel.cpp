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

// What a first read() asks for: /proc/modules is a line per module; a sysfs attribute is at
// most a page. Each parameter is read into its own buffer on every periodic refresh, and a
// buffer sized for /proc/modules cost 64 KiB of touched memory per parameter file.
constexpr size_t kProcModulesReadSize = 64 * 1024;
constexpr size_t kSysfsReadSize = 4096;

// The whole file from ONE read(): procfs and sysfs generate the text per read call, so a
// file read in pieces may mix two states of the kernel (lsmod's race, kmod #41). When the
// buffer turns out too small, read again from the start with a bigger one. The text comes
// back in a string of its own size, not of the buffer's.
// nullopt with errno set when the file cannot be opened or read.
std::optional<std::string> read_at_once(const std::string& path, size_t first_read_size) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    std::string buffer(first_read_size, '\0');
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
            return buffer.substr(0, static_cast<size_t>(n));
        }
        buffer.resize(buffer.size() * 2);
    }
}

// The text of /proc/modules, from one read.
std::string read_proc_modules() {
    auto text = read_at_once("/proc/modules", kProcModulesReadSize);
    if (!text) {
        // A kernel built without CONFIG_MODULES has no /proc/modules: nothing is loaded.
        if (errno == ENOENT)
            return {};
        throw ModuleError(ErrorCode::Failed,
                          std::string("cannot read /proc/modules: ") + std::strerror(errno));
    }
    return std::move(*text);
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
        auto value = read_at_once(entry.path().string(), kSysfsReadSize);
        if (!value)
            continue;
        if (!value->empty() && value->back() == '\n')
            value->pop_back();
        parameters.emplace(entry.path().filename().string(), std::move(*value));
    }
    return parameters;
}

Snapshot SysKernel::snapshot() {
    return parse_proc_modules(read_proc_modules());
}

std::optional<LoadedModule> SysKernel::module(const std::string& name) {
    auto module = find_in_proc_modules(read_proc_modules(), name);
    if (module)
        module->parameters = parameters(module->name);
    return module;
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
