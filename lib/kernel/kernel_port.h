#pragma once
// The seven things the library asks of the running kernel. Everything else (lookup,
// dependencies, configuration, planning) is the library's own logic on top of libkmod's
// indexes. SysKernel is the real port; the one test double, tests/support's SimulatedKernel,
// serves the unit tests (in memory) and the bus tests' daemon (in a file) on machines
// without module support.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "kernel/loaded_module.h"

struct kmod_module;

namespace modmgr {

// What the kernel says about loading modules at all.
struct KernelStatus {
    // /proc/sys/kernel/tainted: one bit per taint flag (the kernel's taint_flags order).
    uint64_t tainted = 0;
    // kernel.modules_disabled: no module can be loaded or unloaded until reboot.
    bool modules_disabled = false;
    // module.sig_enforce: only modules with a valid signature load.
    bool signatures_enforced = false;
    // The lockdown mode selected in /sys/kernel/security/lockdown: "none", "integrity" or
    // "confidentiality"; "" when the kernel shows none (no lockdown LSM, or no securityfs).
    std::string lockdown;
};

class KernelPort {
public:
    virtual ~KernelPort() = default;

    // One consistent view of every loaded module: /proc/modules read as one state of the kernel
    // (settled_read.h), nothing else.
    // `parameters` stays empty: reading them is a file per parameter of every module, which
    // most callers (planning, lookups, List) do not need.
    virtual Snapshot snapshot() = 0;

    // The module `name` as snapshot() would list it, with its `parameters`; nullopt when it is
    // not loaded. From the same reading, but only its own line is parsed: a question about
    // one module (Info) builds nothing for the other loaded modules.
    virtual std::optional<LoadedModule> module(const std::string& name) = 0;

    // The current values of NAME's world-readable parameters (/sys/module/NAME/parameters);
    // empty when it has none or is not loaded (any more).
    virtual std::map<std::string, std::string> parameters(const std::string& name) = 0;

    // init_module/finit_module for a module libkmod located (by index or from a file).
    // `options` is the kernel parameter string, already merged and quoted.
    // Returns 0 or a negative errno, like libkmod.
    virtual int insert(kmod_module* module, const std::string& options) = 0;

    // delete_module(name, O_NONBLOCK). Returns 0 or a negative errno.
    virtual int remove(const std::string& name) = 0;

    // Read afresh on each call: the taint, modules_disabled and lockdown change without any
    // notice.
    virtual KernelStatus status() = 0;

    // Where the kernel shows its devices and their drivers (sysfs: bus/, module/): "/sys"; ""
    // when there is nothing to show (a simulated kernel that stages no devices). Read with
    // devices/sysfs_tree.h, never beyond it.
    virtual std::string sysfs_root() = 0;
};

} // namespace modmgr
