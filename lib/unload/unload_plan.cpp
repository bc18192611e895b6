#include "unload/unload_plan.h"

#include <algorithm>
#include <set>

#include "base/module_error.h"
#include "text/string_join.h"

namespace modmgr {
namespace {

bool held_by(const LoadedModule& module, const std::string& holder) {
    return std::find(module.holders.begin(), module.holders.end(), holder) != module.holders.end();
}

// Every module `target` depends on, directly or not. A module D is a dependency of M when
// the kernel lists M among D's holders.
std::set<std::string> dependency_closure(const Snapshot& snapshot, const std::string& target) {
    std::set<std::string> closure;
    std::vector<std::string> pending{target};
    while (!pending.empty()) {
        const std::string current = pending.back();
        pending.pop_back();
        for (const auto& module : snapshot)
            if (held_by(module, current) && closure.insert(module.name).second)
                pending.push_back(module.name);
    }
    closure.erase(target);
    return closure;
}

// Whether the kernel would let `module` go once every module in `removed` is gone.
bool removable_after(const LoadedModule& module, const std::set<std::string>& removed) {
    if (module.permanent || module.refcount == -1 || module.state != "live" ||
        extra_references(module) > 0)
        return false;
    return std::all_of(module.holders.begin(), module.holders.end(),
                       [&](const std::string& holder) { return removed.count(holder) > 0; });
}

void check_target(const LoadedModule& module) {
    if (module.permanent)
        throw ModuleError(ErrorCode::Failed, module.name + " is permanent: it cannot be unloaded");
    if (module.refcount == -1)
        throw ModuleError(ErrorCode::Failed,
                          module.name + ": the kernel keeps no reference count for it: "
                                        "unloading is not supported");
    if (!module.holders.empty())
        throw ModuleError(ErrorCode::InUse, module.name + " is in use by: " + join(module.holders, ", "));
    if (extra_references(module) > 0)
        throw ModuleError(ErrorCode::InUse, module.name + " is in use (reference count " +
                                                std::to_string(module.refcount) + ")");
    // The kernel answers EBUSY for these; saying so before trying is clearer.
    if (module.state != "live")
        throw ModuleError(ErrorCode::InUse,
                          module.name + " is not live: it is still initializing or already unloading");
}

} // namespace

int32_t extra_references(const LoadedModule& module) {
    // -1 means the kernel keeps no count at all: nothing is known beyond the holders, and
    // whether such a module can go at all is decided separately (it cannot).
    if (module.refcount < 0)
        return 0;
    const auto holders = static_cast<int32_t>(module.holders.size());
    return module.refcount > holders ? module.refcount - holders : 0;
}

std::vector<std::string> plan_unload(const Snapshot& snapshot, const std::string& target,
                                     bool with_dependencies) {
    const LoadedModule* module = find_module(snapshot, target);
    if (module == nullptr)
        throw ModuleError(ErrorCode::NotLoaded, target + " is not loaded");
    check_target(*module);

    std::vector<std::string> order{target};
    if (!with_dependencies)
        return order;

    // Peel the closure from the top: each round removes every dependency whose holders are
    // all gone already (Kahn's algorithm), so dependents always precede their dependencies.
    // Unlike kmod 30's modprobe -r this goes all the way down, and never takes a module
    // that a module outside the plan or a process still uses.
    std::set<std::string> removed{target};
    std::set<std::string> remaining = dependency_closure(snapshot, target);
    for (;;) {
        std::vector<std::string> ready; // std::set iteration keeps each round in name order
        for (const auto& name : remaining)
            if (removable_after(*find_module(snapshot, name), removed))
                ready.push_back(name);
        if (ready.empty())
            break;
        for (const auto& name : ready) {
            order.push_back(name);
            removed.insert(name);
            remaining.erase(name);
        }
    }
    return order;
}

} // namespace modmgr
