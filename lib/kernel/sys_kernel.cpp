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
#include "kernel/read_at_once.h"
#include "kernel/settled_read.h"

namespace modmgr {
namespace {

// The text of /proc/modules, as one state of the kernel.
std::string read_proc_modules() {
    auto text = read_settled("/proc/modules", kProcModulesReadSize);
    if (!text) {
        // A kernel built without CONFIG_MODULES has no /proc/modules: nothing is loaded.
        if (errno == ENOENT)
            return {};
        throw ModuleError(ErrorCode::Failed,
                          std::string("cannot read /proc/modules: ") + std::strerror(errno));
    }
    return std::move(*text);
}

constexpr char kSigEnforce[] = "/sys/module/module/parameters/sig_enforce";

// The text of a small procfs or sysfs file; "" when it does not exist. Throws when it
// exists but cannot be read: a status read as "not tainted" would be a wrong answer.
std::string small_file(const char* path) {
    auto text = read_at_once(path, kSysfsReadSize);
    if (!text) {
        if (errno == ENOENT)
            return {};
        throw ModuleError(ErrorCode::Failed,
                          std::string("cannot read ") + path + ": " + std::strerror(errno));
    }
    return std::move(*text);
}

std::string first_word(const char* path) {
    const std::string text = small_file(path);
    return text.substr(0, text.find_first_of(" \n"));
}

// Whether the kernel checks module signatures (CONFIG_MODULE_SIG, which makes sig_enforce):
// fixed when it was built, so asked once.
bool checks_signatures() {
    static const bool checks = ::access(kSigEnforce, F_OK) == 0;
    return checks;
}

void set_signature_verdict(LoadedModule& module) {
    module.signature_verified = checks_signatures() && module.taint.find('E') == std::string::npos;
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

std::string selected_lockdown(std::string_view text) {
    const size_t open = text.find('[');
    const size_t close = text.find(']', open);
    if (open == std::string_view::npos || close == std::string_view::npos)
        return {};
    return std::string(text.substr(open + 1, close - open - 1));
}

Snapshot SysKernel::snapshot() {
    Snapshot snapshot = parse_proc_modules(read_proc_modules());
    for (auto& module : snapshot)
        set_signature_verdict(module);
    return snapshot;
}

std::optional<LoadedModule> SysKernel::module(const std::string& name) {
    auto module = find_in_proc_modules(read_proc_modules(), name);
    if (module) {
        set_signature_verdict(*module);
        module->parameters = parameters(module->name);
    }
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

KernelStatus SysKernel::status() {
    KernelStatus status;
    const std::string tainted = first_word("/proc/sys/kernel/tainted");
    status.tainted = tainted.empty() ? 0 : std::stoull(tainted);
    status.modules_disabled = first_word("/proc/sys/kernel/modules_disabled") == "1";
    status.signatures_enforced = first_word(kSigEnforce) == "Y";
    status.lockdown = selected_lockdown(small_file("/sys/kernel/security/lockdown"));
    return status;
}

} // namespace modmgr
