#pragma once
// A live module as /proc/modules would show it, with its holders counted in its
// reference count like the kernel counts them, plus `users` references from processes; and
// the names of a snapshot's modules, in its order, for comparing.
#include <string>
#include <vector>

#include "kernel/loaded_module.h"

namespace modmgr {

inline LoadedModule live_module(const std::string& name, std::vector<std::string> holders = {},
                                int32_t users = 0) {
    LoadedModule module;
    module.name = name;
    module.size = 16384;
    module.refcount = static_cast<int32_t>(holders.size()) + users;
    module.holders = std::move(holders);
    module.state = "live";
    return module;
}

inline std::vector<std::string> module_names(const Snapshot& modules) {
    std::vector<std::string> names;
    for (const auto& module : modules)
        names.push_back(module.name);
    return names;
}

} // namespace modmgr
