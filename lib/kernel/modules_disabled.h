#pragma once
// kernel.modules_disabled as an error of its own. Once set it stays set until reboot, and the
// kernel then refuses every finit_module and delete_module with EPERM, which alone would not
// say why (EPERM also means lockdown, module_blacklist= or a missing capability).
#include "base/module_error.h"
#include "kernel/kernel_port.h"

namespace modmgr {

// Throws ModulesDisabled when kernel.modules_disabled is set: before a load or unload touches
// anything.
void refuse_when_modules_disabled(KernelPort& kernel);

// What the kernel's refusal `err` (a negative errno) of a load or unload means: EPERM while
// kernel.modules_disabled is set (it may have been set after the check above) is
// ModulesDisabled; anything else is `refusal`.
ModuleError kernel_refusal(KernelPort& kernel, int err, ModuleError refusal);

} // namespace modmgr
