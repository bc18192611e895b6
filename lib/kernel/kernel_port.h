#pragma once
// The three things the library asks of the running kernel. Everything else (lookup,
// dependencies, configuration, planning) is the library's own logic on top of libkmod's
// indexes. SysKernel is the real port; the one test double, tests/support's SimulatedKernel,
// serves the unit tests (in memory) and the bus tests' daemon (in a file) on machines
// without module support.
#include <string>

#include "kernel/loaded_module.h"

struct kmod_module;

namespace modmgr {

class KernelPort {
public:
    virtual ~KernelPort() = default;

    // One consistent view of every loaded module (one read of /proc/modules), with the
    // current parameter values of each.
    virtual Snapshot snapshot() = 0;

    // init_module/finit_module for a module libkmod located (by index or from a file).
    // `options` is the kernel parameter string, already merged and quoted.
    // Returns 0 or a negative errno, like libkmod.
    virtual int insert(kmod_module* module, const std::string& options) = 0;

    // delete_module(name, O_NONBLOCK). Returns 0 or a negative errno.
    virtual int remove(const std::string& name) = 0;
};

} // namespace modmgr
