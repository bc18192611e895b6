#include "load/load_plan.h"

#include <cstring>
#include <set>

#include "base/input_validation.h"
#include "base/module_error.h"
#include "load/module_parameters.h"
#include "lookup/module_resolution.h"

namespace modmgr {
namespace {

struct ProbeEntry {
    KmodModulePtr module;
    bool has_softdeps = false;
};

// kmod 30's __kmod_module_get_probe_list() and __kmod_module_fill_softdep(), except that a
// module reached twice is listed once (kmod lists it again and skips it at insert time).
class ProbeList {
public:
    void add_target(kmod_module* target) { visit(target); }
    // The entries listed so far; the ones visited stay known, and are not listed again.
    std::vector<ProbeEntry> take_entries() {
        std::vector<ProbeEntry> taken;
        taken.swap(entries_);
        return taken;
    }

private:
    void visit(kmod_module* module) {
        if (!visited_.insert(kmod_module_get_name(module)).second)
            return;
        for (const auto& dependency : take_module_list(kmod_module_get_dependencies(module)))
            add_with_softdeps(dependency.get());
        add_with_softdeps(module);
    }

    void add_with_softdeps(kmod_module* module) {
        kmod_list* pre_list = nullptr;
        kmod_list* post_list = nullptr;
        const int err = kmod_module_get_softdeps(module, &pre_list, &post_list);
        const auto pre = take_module_list(pre_list);
        const auto post = take_module_list(post_list);
        if (err < 0)
            throw ModuleError(ErrorCode::Failed, std::string("cannot read the softdeps of ") +
                                                     kmod_module_get_name(module) + ": " +
                                                     std::strerror(-err));
        for (const auto& softdep : pre)
            visit(softdep.get());
        if (listed_.insert(kmod_module_get_name(module)).second)
            entries_.push_back({new_module_ref(module), !pre.empty() || !post.empty()});
        for (const auto& softdep : post)
            visit(softdep.get());
    }

    std::set<std::string> visited_;
    std::set<std::string> listed_;
    std::vector<ProbeEntry> entries_;
};

// The targets and their dependencies must load; everything else came in as a softdep.
std::set<std::string> required_names(const std::vector<kmod_module*>& targets) {
    std::set<std::string> required;
    for (kmod_module* target : targets) {
        required.insert(kmod_module_get_name(target));
        for (const auto& dependency : take_module_list(kmod_module_get_dependencies(target)))
            required.insert(kmod_module_get_name(dependency.get()));
    }
    return required;
}

// Bytes that mean nothing to /bin/sh in any quoting an administrator may have put around
// $CMDLINE_OPTS: outside quotes, inside '...' and inside "..." alike.
bool shell_inert(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           std::strchr("_.,:=+-/@%", c) != nullptr;
}

// The caller's parameters reach a root shell through $CMDLINE_OPTS. Quoting them cannot help
// (inside the administrator's "...", quotes of ours are literal and $(...) runs), so they
// may only hold bytes no shell interprets.
void check_parameters_for_install_command(const std::string& module,
                                          const std::vector<std::string>& parameters,
                                          const std::string& command) {
    for (const auto& parameter : parameters)
        for (unsigned char c : parameter)
            if (!shell_inert(c))
                throw ModuleError(ErrorCode::InvalidArgument,
                                  "parameter " + quoted_for_message(parameter) + " for " + module +
                                      " would reach the modprobe.d install command " +
                                      quoted_for_message(command) +
                                      ", which runs through /bin/sh: there parameters may only "
                                      "contain letters, digits and _ . , : = + - / @ %");
}

// modprobe pastes the options into the command as they are; so does modmgrd, once the
// caller's part of them is known to be inert.
std::string expand_install_command(std::string command, const std::string& options) {
    const std::string variable = "$CMDLINE_OPTS";
    for (size_t at = command.find(variable); at != std::string::npos;
         at = command.find(variable, at + options.size()))
        command.replace(at, variable.size(), options);
    return command;
}

} // namespace

LoadPlan plan_load(const std::vector<kmod_module*>& targets,
                   const ModuleParameters& parameters, bool run_install_commands,
                   const Snapshot& loaded) {
    // A target that is loaded (or builtin) is done: modprobe probes nothing for it.
    std::vector<kmod_module*> pending;
    for (kmod_module* target : targets)
        if (!is_builtin(target) && find_module(loaded, kmod_module_get_name(target)) == nullptr)
            pending.push_back(target);
    std::set<std::string> target_names;
    for (kmod_module* target : pending)
        target_names.insert(kmod_module_get_name(target));
    const std::set<std::string> required = required_names(pending);

    ProbeList list;
    for (kmod_module* target : pending)
        list.add_target(target);
    std::vector<ProbeEntry> entries = list.take_entries();
    // The done targets' probe lists too, for `modules` only: a load can still meet them.
    for (kmod_module* target : targets)
        list.add_target(target);
    LoadPlan plan;
    for (const auto& entry : entries)
        plan.modules.push_back(kmod_module_get_name(entry.module.get()));
    for (const auto& entry : list.take_entries())
        plan.modules.push_back(kmod_module_get_name(entry.module.get()));

    for (auto& entry : entries) {
        kmod_module* module = entry.module.get();
        LoadStep step;
        step.name = kmod_module_get_name(module);
        if (find_module(loaded, step.name) != nullptr || is_builtin(module))
            continue;
        step.target = target_names.count(step.name) != 0;
        step.required = required.count(step.name) != 0;
        const char* configured = kmod_module_get_options(module);
        step.options = merge_parameters(configured != nullptr ? configured : "",
                                        step.target ? parameters.list() : std::vector<std::string>{});
        const char* command = kmod_module_get_install_commands(module);
        if (command != nullptr && run_install_commands && !entry.has_softdeps) {
            if (step.target)
                check_parameters_for_install_command(step.name, parameters.list(), command);
            step.install_command = expand_install_command(command, step.options);
        }
        if (step.install_command.empty() && kmod_module_get_path(module) == nullptr) {
            const std::string problem =
                step.name + (command != nullptr ? " exists only as an install command, which is not run"
                                                : " has no module file");
            if (step.required)
                throw ModuleError(ErrorCode::NotFound, problem);
            plan.warnings.push_back("softdep " + problem + ": skipped");
            continue;
        }
        step.module = std::move(entry.module);
        plan.steps.push_back(std::move(step));
    }
    return plan;
}

} // namespace modmgr
