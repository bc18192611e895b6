#pragma once
// The real KernelPort: /proc/modules, /sys/module/*/parameters, finit_module and
// delete_module on the running kernel.
#include "kernel_port.h"

namespace modmgr {

class SysKernel : public KernelPort {
public:
    Snapshot snapshot() override;
    int insert(kmod_module* module, const std::string& options) override;
    int remove(const std::string& name) override;
};

} // namespace modmgr
