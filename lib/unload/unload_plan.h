#pragma once
// Which modules an unload removes, and in what order, decided from one snapshot of the
// kernel's state. Pure logic: tested without a kernel.
#include <string>
#include <vector>

#include "kernel/loaded_module.h"

namespace modmgr {

// The target first, then every module in its transitive dependency closure that nobody
// else needs once the modules before it are gone: no holder outside the removed set and no
// reference beyond those holders. Dependents always come before their dependencies.
// `with_dependencies` false gives rmmod semantics (just the target).
// Throws ModuleError: NotLoaded, InUse (naming holders or the refcount), Failed for a
// permanent module or one the kernel cannot unload.
std::vector<std::string> plan_unload(const Snapshot& snapshot, const std::string& target,
                                     bool with_dependencies);

// The references held on `module` that are not explained by holders (processes, the kernel).
int32_t extra_references(const LoadedModule& module);

} // namespace modmgr
