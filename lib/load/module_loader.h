#pragma once
// Carries out a load plan against the kernel. A required module that fails undoes the
// call: what this call inserted is removed again, newest first, so the caller is told
// exactly which state the system is in.
#include "kernel/kernel_port.h"
#include "load/load_plan.h"
#include "module_service.h"

namespace modmgr {

// Inserts each step (or runs its install command, recording what that inserted by
// comparing snapshots). EEXIST is success: someone else loaded it meanwhile, except for a
// target with `first_time`. Softdep failures become warnings. Any other failure throws
// that error, its message extended with what was rolled back and what was left loaded.
LoadResult execute_load_plan(const LoadPlan& plan, KernelPort& kernel, bool first_time);

} // namespace modmgr
