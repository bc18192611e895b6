#include "kernel/loaded_module.h"

namespace modmgr {

const LoadedModule* find_module(const Snapshot& snapshot, const std::string& name) {
    for (const auto& module : snapshot)
        if (module.name == name)
            return &module;
    return nullptr;
}

} // namespace modmgr
