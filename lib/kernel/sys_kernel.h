#pragma once
// The real KernelPort: /proc/modules, /sys/module/*/parameters, finit_module and
// delete_module on the running kernel.
#include <map>
#include <string>
#include <string_view>

#include "kernel/kernel_port.h"

namespace modmgr {

// The current values in a module's parameters directory (/sys/module/NAME/parameters) that
// the kernel shows every user: a parameter the module declared readable by root alone (0400,
// 0600) may hold a secret, and modmgrd publishes what it reads to every local user (module
// objects, Info), so it is left out like write-only ones and ones whose read fails.
std::map<std::string, std::string> world_readable_parameters(const std::string& directory);

// The mode in brackets in the text of /sys/kernel/security/lockdown
// ("[none] integrity confidentiality" -> "none"); "" when none is.
std::string selected_lockdown(std::string_view text);

// Each loaded module's signature_verified is the kernel's verdict: it checks signatures
// (module.sig_enforce exists) and did not taint the module 'E'.
class SysKernel : public KernelPort {
public:
    Snapshot snapshot() override;
    std::optional<LoadedModule> module(const std::string& name) override;
    std::map<std::string, std::string> parameters(const std::string& name) override;
    int insert(kmod_module* module, const std::string& options) override;
    int remove(const std::string& name) override;
    // A kernel without a file (no CONFIG_MODULE_SIG: no sig_enforce; no lockdown file) has
    // the default.
    KernelStatus status() override;
    std::string sysfs_root() override { return "/sys"; }
};

} // namespace modmgr
