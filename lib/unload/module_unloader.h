#pragma once
// Carries out an unload plan (plan_unload()) against the kernel. The plan was made from
// one snapshot; the system moves on while we remove, so every module after the target is
// re-checked just before its removal.
#include <string>
#include <vector>

#include "kernel/kernel_port.h"

namespace modmgr {

// Removes plan[0] (its failure throws remove_error()), then each further module that is
// still free: holders only among the modules removed here and no other references. One
// that something started using meanwhile (or that the kernel answers EWOULDBLOCK/EBUSY
// for) stays loaded, and so does everything it needs: that is not an error. Returns the
// removed modules in order.
std::vector<std::string> execute_unload_plan(const std::vector<std::string>& plan,
                                             KernelPort& kernel);

} // namespace modmgr
