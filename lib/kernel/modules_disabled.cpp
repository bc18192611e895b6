#include "kernel/modules_disabled.h"

#include <cerrno>

namespace modmgr {
namespace {

ModuleError modules_disabled_error() {
    return ModuleError(ErrorCode::ModulesDisabled,
                       "kernel.modules_disabled is set: the kernel loads and unloads no module "
                       "until the next boot");
}

} // namespace

void refuse_when_modules_disabled(KernelPort& kernel) {
    if (kernel.status().modules_disabled)
        throw modules_disabled_error();
}

ModuleError kernel_refusal(KernelPort& kernel, int err, ModuleError refusal) {
    if (err == -EPERM && kernel.status().modules_disabled)
        return modules_disabled_error();
    return refusal;
}

} // namespace modmgr
