#include "load/module_loader.h"

#include <cerrno>
#include <optional>

#include "base/errno_description.h"
#include "base/module_error.h"
#include "kernel/modules_disabled.h"
#include "load/install_command.h"
#include "text/string_join.h"
#include "unload/unload_plan.h"

namespace modmgr {
namespace {

void insert(const LoadStep& step, KernelPort& kernel, bool first_time, LoadResult& result) {
    const int err = kernel.insert(step.module.get(), step.options);
    if (err == 0) {
        result.inserted.push_back(step.name);
        return;
    }
    if (err == -EEXIST && !(step.target && first_time))
        return;
    throw kernel_refusal(kernel, err, insert_error(step.name, err));
}

// The modules in `after` that are not in `before`, oldest first (/proc/modules lists the
// newest first).
void append_new_modules(const Snapshot& before, const Snapshot& after,
                        std::vector<std::string>& inserted) {
    for (auto module = after.rbegin(); module != after.rend(); ++module)
        if (find_module(before, module->name) == nullptr)
            inserted.push_back(module->name);
}

void run_install(const LoadStep& step, KernelPort& kernel, LoadResult& result) {
    const Snapshot before = kernel.snapshot();
    result.install_commands.push_back(step.install_command);
    std::optional<ModuleError> failure;
    try {
        run_install_command(step.install_command, step.name);
    } catch (const ModuleError& error) {
        failure = error;
    }
    // Even a failing command may have loaded modules, which a rollback must know about.
    append_new_modules(before, kernel.snapshot(), result.inserted);
    if (failure)
        throw *failure;
}

// Removes `inserted` newest first, leaving any module something started using; returns
// the sentence that tells the caller the outcome.
std::string roll_back(KernelPort& kernel, const std::vector<std::string>& inserted) {
    if (inserted.empty())
        return "";
    std::vector<std::string> removed;
    std::vector<std::string> left;
    for (auto name = inserted.rbegin(); name != inserted.rend(); ++name) {
        const Snapshot snapshot = kernel.snapshot();
        const LoadedModule* module = find_module(snapshot, *name);
        if (module == nullptr)
            continue;
        if (!module->holders.empty()) {
            left.push_back(*name + " (used by " + join(module->holders, ", ") + ")");
            continue;
        }
        if (extra_references(*module) > 0) {
            left.push_back(*name + " (in use)");
            continue;
        }
        const int err = kernel.remove(*name);
        if (err == 0)
            removed.push_back(*name);
        else
            left.push_back(*name + " (" + errno_name(err) + ")");
    }
    std::string outcome = "; rolled back: " + (removed.empty() ? "nothing" : "removed " + join(removed, ", "));
    if (!left.empty())
        outcome += "; left loaded: " + join(left, ", ");
    return outcome;
}

} // namespace

LoadResult execute_load_plan(const LoadPlan& plan, KernelPort& kernel, bool first_time) {
    LoadResult result;
    result.warnings = plan.warnings;
    for (const auto& step : plan.steps) {
        try {
            if (step.install_command.empty())
                insert(step, kernel, first_time, result);
            else
                run_install(step, kernel, result);
        } catch (const ModuleError& error) {
            if (!step.required) {
                result.warnings.push_back("softdep " + step.name + " not loaded: " + error.what());
                continue;
            }
            throw ModuleError(error.code(), error.what() + roll_back(kernel, result.inserted));
        }
    }
    return result;
}

} // namespace modmgr
