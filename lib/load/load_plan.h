#pragma once
// What a modprobe-style load does, in order, decided before anything is touched: kmod's
// probe list (softdep pre, dependencies with their softdeps, the module, softdep post),
// with each module's options and install command. Executing it is module_loader's job, so
// DRY_RUN shows exactly what a real load would do.
#include <string>
#include <vector>

#include "base/input_validation.h"
#include "kernel/loaded_module.h"
#include "lookup/kmod_module_ptr.h"

namespace modmgr {

struct LoadStep {
    KmodModulePtr module;
    std::string name;
    // Kernel parameter string: the module's modprobe.d options (and kernel command line),
    // then, for a target, the caller's parameters.
    std::string options;
    // When not empty, this shell command runs instead of inserting the module
    // ($CMDLINE_OPTS already replaced by `options`).
    std::string install_command;
    bool target = false;   // asked for by the caller (not a dependency or softdep)
    bool required = true;  // false for softdeps: their failures are ignored, as in kmod
};

struct LoadPlan {
    std::vector<LoadStep> steps;
    std::vector<std::string> warnings; // softdeps left out because they cannot be loaded
    // Every module the probe lists go through, loaded, builtin or not, each once: what the
    // load may touch.
    std::vector<std::string> modules;
};

// The probe lists of `targets`, merged (each module once, at its first place). A target in
// `loaded` or builtin is done (nothing is probed for it); modules in `loaded` and builtin
// ones are left out of the steps. A module with softdeps never runs its install
// command (kmod's rule). Throws ModuleError(NotFound) when a required module has neither a
// file nor an install command, and InvalidArgument when `parameters` would reach an install
// command with a byte a shell could interpret.
LoadPlan plan_load(const std::vector<kmod_module*>& targets,
                   const ModuleParameters& parameters, bool run_install_commands,
                   const Snapshot& loaded);

} // namespace modmgr
