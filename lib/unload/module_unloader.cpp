#include "text/string_join.h"
#include "unload/module_unloader.h"

#include <algorithm>
#include <cerrno>

#include "base/errno_description.h"
#include "base/module_error.h"
#include "kernel/modules_disabled.h"
#include "unload/unload_plan.h"

namespace modmgr {
namespace {

bool contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// Whether `name`, as the kernel sees it now, is used by nothing but modules removed here.
// A module kept loaded is still its dependencies' holder, so they stay too.
bool still_free(const Snapshot& snapshot, const std::string& name,
                const std::vector<std::string>& removed) {
    const LoadedModule* module = find_module(snapshot, name);
    if (module == nullptr || module->permanent)
        return false;
    for (const auto& holder : module->holders)
        if (!contains(removed, holder))
            return false;
    return extra_references(*module) <= 0;
}

bool means_in_use(int err) { return err == -EWOULDBLOCK || err == -EBUSY; }

} // namespace

std::vector<std::string> execute_unload_plan(const std::vector<std::string>& plan,
                                             KernelPort& kernel) {
    std::vector<std::string> removed;
    if (plan.empty())
        return removed;
    const int err = kernel.remove(plan.front());
    if (err < 0)
        throw kernel_refusal(kernel, err, remove_error(plan.front(), err));
    removed.push_back(plan.front());

    for (auto name = plan.begin() + 1; name != plan.end(); ++name) {
        if (!still_free(kernel.snapshot(), *name, removed))
            continue;
        const int err = kernel.remove(*name);
        if (err == 0) {
            removed.push_back(*name);
            continue;
        }
        // Gone already (someone else removed it) or grabbed between snapshot and removal.
        if (err == -ENOENT || means_in_use(err))
            continue;
        const ModuleError error = kernel_refusal(kernel, err, remove_error(*name, err));
        throw ModuleError(error.code(), error.what() + std::string("; already removed: ") + join(removed, ", "));
    }
    return removed;
}

} // namespace modmgr
