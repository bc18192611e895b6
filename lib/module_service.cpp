#include "module_service.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

#include "base/errno_description.h"
#include "base/input_validation.h"
#include "base/module_error.h"
#include "config/masks.h"
#include "devices/device_candidates.h"
#include "devices/device_scan.h"
#include "devices/module_devices.h"
#include "devices/sysfs_tree.h"
#include "info/module_info_reader.h"
#include "kernel/modules_disabled.h"
#include "load/load_plan.h"
#include "load/module_loader.h"
#include "load/module_parameters.h"
#include "load/parameter_types.h"
#include "lookup/module_resolution.h"
#include "text/string_join.h"
#include "unload/module_unloader.h"
#include "unload/unload_plan.h"
#include "wire_contract.h"

namespace modmgr {
namespace {

std::vector<std::string> names_of(const std::vector<KmodModulePtr>& modules) {
    std::vector<std::string> names;
    for (const auto& module : modules)
        names.push_back(kmod_module_get_name(module.get()));
    return names;
}

std::vector<kmod_module*> borrowed(const std::vector<KmodModulePtr>& modules) {
    std::vector<kmod_module*> result;
    for (const auto& module : modules)
        result.push_back(module.get());
    return result;
}

std::string not_found(const std::string& name, const std::string& modules_dir) {
    return "module or alias " + name + " not found in " + modules_dir;
}

LoadResult describe(const LoadPlan& plan) {
    LoadResult result;
    for (const auto& step : plan.steps) {
        if (step.install_command.empty())
            result.inserted.push_back(step.name);
        else
            result.install_commands.push_back(step.install_command);
    }
    result.warnings = plan.warnings;
    return result;
}

// FIRST_TIME: a target that is loaded or builtin is done already, which is an error then.
void refuse_done_targets(const std::vector<KmodModulePtr>& targets, const Snapshot& loaded) {
    for (const auto& target : targets) {
        const std::string name = kmod_module_get_name(target.get());
        const bool builtin = is_builtin(target.get());
        if (builtin || find_module(loaded, name) != nullptr)
            throw ModuleError(ErrorCode::AlreadyLoaded,
                              name + (builtin ? " is built into the kernel" : " is already loaded"));
    }
}

// The modules of `names` that `snapshot` lists.
std::set<std::string> loaded_among(const Snapshot& snapshot, const std::vector<std::string>& names) {
    std::set<std::string> loaded;
    for (const auto& name : names)
        if (find_module(snapshot, name) != nullptr)
            loaded.insert(name);
    return loaded;
}

// The parameters apply to one module with a file; its declared ones are the only valid ones.
void check_parameters_target(const std::string& requested,
                             const std::vector<KmodModulePtr>& targets,
                             const ModuleParameters& parameters) {
    if (parameters.empty())
        return;
    if (targets.size() > 1) {
        std::vector<std::string> names;
        for (const auto& target : targets)
            names.push_back(kmod_module_get_name(target.get()));
        throw ModuleError(ErrorCode::InvalidArgument,
                          requested + " matches several modules (" + join(names, ", ") +
                              "): parameters apply to one module, load it by name");
    }
    kmod_module* target = targets.front().get();
    // An install-command-only name has no declarations to check against.
    if (kmod_module_get_path(target) != nullptr)
        check_parameters(target, kmod_module_get_name(target), parameters.list());
}

// What `name` means to an unload: a loaded module by that name, else the one loaded module
// an alias resolves to (like modprobe -r).
std::string loaded_target(KmodContext& kmod, const Snapshot& snapshot, const std::string& name) {
    const std::string normalized = normalize_module_name(name);
    if (find_module(snapshot, normalized) != nullptr)
        return normalized;
    const Lookup lookup = lookup_modules(kmod.get(), name);
    std::vector<std::string> loaded;
    std::string builtin;
    for (const auto& match : lookup.matches) {
        const std::string match_name = kmod_module_get_name(match.get());
        if (find_module(snapshot, match_name) != nullptr)
            loaded.push_back(match_name);
        else if (is_builtin(match.get()))
            builtin = match_name;
    }
    if (loaded.size() == 1)
        return loaded.front();
    if (loaded.size() > 1)
        throw ModuleError(ErrorCode::InvalidArgument,
                          name + " matches several loaded modules (" + join(loaded, ", ") +
                              "): unload them by name");
    if (!builtin.empty())
        throw ModuleError(ErrorCode::Builtin, builtin + " is built into the kernel");
    if (!lookup.matches.empty())
        throw ModuleError(ErrorCode::NotLoaded, normalized + " is not loaded");
    throw ModuleError(ErrorCode::NotFound, not_found(name, kmod.modules_dir()));
}

// The module in `image`, opened by the path the kernel port inserts it from.
KmodModulePtr module_of(kmod_ctx* ctx, const ModuleImage& image) {
    kmod_module* raw = nullptr;
    const int err = kmod_module_new_from_path(ctx, image.path().c_str(), &raw);
    if (err < 0)
        throw ModuleError(ErrorCode::InvalidArgument,
                          "cannot open the module file: " + std::string(std::strerror(-err)));
    return KmodModulePtr(raw);
}

std::vector<std::string> dependency_closure(const Snapshot& snapshot, const std::string& target) {
    std::vector<std::string> closure{target};
    for (size_t next = 0; next < closure.size(); ++next)
        for (const auto& module : snapshot) {
            const auto& holders = module.holders;
            const bool needed = std::find(holders.begin(), holders.end(), closure[next]) != holders.end();
            if (needed && std::find(closure.begin(), closure.end(), module.name) == closure.end())
                closure.push_back(module.name);
        }
    return closure;
}

// The module called exactly `name` (no alias resolution); it may have no file.
KmodModulePtr module_named(kmod_ctx* ctx, const std::string& name) {
    kmod_module* raw = nullptr;
    if (kmod_module_new_from_name(ctx, name.c_str(), &raw) < 0)
        throw ModuleError(ErrorCode::Failed, "cannot look up " + name + " in the module tree");
    return KmodModulePtr(raw);
}

// Whether `module` is in the kernel: loaded (in `loaded`) or built in.
bool in_kernel(kmod_module* module, const Snapshot& loaded) {
    return is_builtin(module) || find_module(loaded, kmod_module_get_name(module)) != nullptr;
}

// The modules a load of `name` goes for: every match of the lookup that is not blacklisted
// (unless IGNORE_BLACKLIST). A blacklist keeps a module from being loaded, not one that is in
// the kernel already (loaded earlier despite it, or built in): when every match is
// blacklisted, those in the kernel are the targets, and the load has nothing to do. A mask
// (which blacklists too) refuses the load whatever the flags, loaded or not.
std::vector<KmodModulePtr> load_targets_of(KmodContext& kmod, KernelPort& kernel,
                                           const ConfigIndex& configuration, Lookup& lookup,
                                           const std::string& name, uint64_t flags) {
    if (lookup.matches.empty())
        throw ModuleError(ErrorCode::NotFound, not_found(name, kmod.modules_dir()));
    std::vector<KmodModulePtr>& targets =
        (flags & wire::kIgnoreBlacklist) ? lookup.matches : lookup.not_blacklisted;
    refuse_masked(configuration, names_of(targets.empty() ? lookup.matches : targets), name);
    if (!targets.empty())
        return std::move(targets);
    const Snapshot loaded = kernel.snapshot();
    std::vector<KmodModulePtr> present;
    for (const auto& match : lookup.matches)
        if (in_kernel(match.get(), loaded))
            present.push_back(new_module_ref(match.get()));
    if (present.empty())
        throw blacklisted_error(kmod, name, lookup.matches);
    return present;
}

// What a module in the kernel does not have of the caller's parameters, each as
// `debug=1 (it is "0")` or `debug=1 (its value cannot be read)`.
std::vector<std::string> parameters_not_applied(kmod_module* target, const std::string& name,
                                                const ModuleParameters& parameters,
                                                const std::map<std::string, std::string>& current) {
    std::map<std::string, std::string> shown;
    for (const auto& [parameter, value] : current)
        shown.emplace(normalize_module_name(parameter), value);
    const std::map<std::string, std::string> declared =
        kmod_module_get_path(target) != nullptr ? declared_parameters(target, name)
                                                : std::map<std::string, std::string>{};
    std::vector<std::string> not_applied;
    for (const auto& parameter : parameters.list()) {
        const auto [key, value] = split_parameter(parameter);
        const std::string normalized = normalize_module_name(key);
        const auto now = shown.find(normalized);
        if (now == shown.end()) {
            not_applied.push_back(parameter + " (its value cannot be read)");
            continue;
        }
        const auto type = declared.find(normalized);
        if (!same_parameter_value(key, type == declared.end() ? "" : type->second, value,
                                  now->second))
            not_applied.push_back(parameter + " (it is " + quoted_for_message(now->second) + ")");
    }
    return not_applied;
}

} // namespace

ModuleService::ModuleService(KmodContext& kmod, KernelPort& kernel, OperationRecords* records)
    : kmod_(kmod), kernel_(kernel), records_(records), configuration_(kmod.settings().layout()) {}

OperationRecords::InProgress ModuleService::record(const char* action,
                                                   const std::string& requested,
                                                   int64_t caller_uid,
                                                   std::vector<std::string> modules) {
    if (records_ == nullptr)
        return {};
    try {
        return records_->begin({action, requested, caller_uid, std::move(modules)});
    } catch (const ModuleError& e) {
        throw ModuleError(ErrorCode::Failed,
                          std::string("nothing was changed: cannot record the operation before "
                                      "starting it: ") + e.what());
    }
}

PlannedLoad ModuleService::plan_load(const ModuleName& name, const ModuleParameters& parameters,
                                     uint64_t flags) {
    Lookup lookup = lookup_modules(kmod_.get(), name.str());
    PlannedLoad planned;
    planned.requested = name.str();
    planned.targets =
        load_targets_of(kmod_, kernel_, configuration_.current(), lookup, name.str(), flags);
    check_parameters_target(name.str(), planned.targets, parameters);
    planned.parameters = parameters;
    planned.flags = flags;
    plan_for(planned, kernel_.snapshot());
    return planned;
}

void ModuleService::plan_for(PlannedLoad& planned, const Snapshot& loaded) {
    if (planned.flags & wire::kFirstTime)
        refuse_done_targets(planned.targets, loaded);
    planned.plan = modmgr::plan_load(borrowed(planned.targets), planned.parameters,
                                     !(planned.flags & wire::kIgnoreInstallCommands), loaded);
    std::set<std::string> modules{normalize_module_name(planned.requested)};
    for (const auto& target : planned.targets)
        modules.insert(kmod_module_get_name(target.get()));
    modules.insert(planned.plan.modules.begin(), planned.plan.modules.end());
    planned.modules.assign(modules.begin(), modules.end());
    refuse_masked(configuration_.current(), planned.plan.modules, planned.requested);
    planned.loaded = loaded_among(loaded, planned.modules);
}

LoadResult ModuleService::load(PlannedLoad& planned, int64_t caller_uid) {
    const Snapshot now = kernel_.snapshot();
    if (loaded_among(now, planned.modules) != planned.loaded)
        plan_for(planned, now);
    refuse_unapplied_parameters(planned, now);
    const LoadPlan& plan = planned.plan;
    if (plan.steps.empty())
        return describe(plan);
    // Before any step (a softdep that may fail, an install command) runs: nothing half done.
    refuse_when_modules_disabled(kernel_);
    if (planned.flags & wire::kDryRun)
        return describe(plan);
    std::vector<std::string> steps;
    for (const auto& step : plan.steps)
        steps.push_back(step.name);
    const auto in_progress = record("load", planned.requested, caller_uid, std::move(steps));
    return execute_load_plan(plan, kernel_, planned.flags & wire::kFirstTime);
}

void ModuleService::refuse_unapplied_parameters(const PlannedLoad& planned, const Snapshot& now) {
    if (planned.parameters.empty())
        return;
    // Parameters with more than one target were refused when planning.
    kmod_module* target = planned.targets.front().get();
    const std::string name = kmod_module_get_name(target);
    const bool builtin = is_builtin(target);
    if (!builtin && find_module(now, name) == nullptr)
        return;
    const std::vector<std::string> not_applied =
        parameters_not_applied(target, name, planned.parameters, kernel_.parameters(name));
    if (not_applied.empty())
        return;
    if (builtin)
        throw ModuleError(ErrorCode::Builtin,
                          name + " is built into the kernel, whose parameters only the kernel "
                                 "command line sets (" + name + ".PARAMETER=VALUE): not applied: " +
                              join(not_applied, ", "));
    throw ModuleError(ErrorCode::ParametersNotApplied,
                      name + " is already loaded, and a module's parameters apply only when it "
                             "is loaded: not applied: " + join(not_applied, ", "));
}

std::string ModuleService::load_file(const ModuleImage& image, const ModuleParameters& parameters,
                                     uint64_t flags, int64_t caller_uid) {
    const KmodModulePtr module = module_of(kmod_.get(), image);
    const std::string name = declared_name(module.get());
    refuse_masked(configuration_.current(), {name}, name);
    check_parameters(module.get(), name, parameters.list());
    // insmod semantics: an explicit file that is already loaded is an error.
    if (find_module(kernel_.snapshot(), name) != nullptr)
        throw ModuleError(ErrorCode::AlreadyLoaded, name + " is already loaded");
    refuse_when_modules_disabled(kernel_);
    if (flags & wire::kDryRun)
        return name;
    const auto in_progress = record("load", name, caller_uid, {name});
    const int inserted = kernel_.insert(module.get(), merge_parameters("", parameters.list()));
    if (inserted < 0)
        throw kernel_refusal(kernel_, inserted, insert_error(name, inserted));
    return name;
}

std::string ModuleService::file_module_name(const ModuleImage& image) {
    return declared_name(module_of(kmod_.get(), image).get());
}

std::string ModuleService::unload_target(const ModuleName& name) {
    return loaded_target(kmod_, kernel_.snapshot(), name.str());
}

std::vector<std::string> ModuleService::unload_footprint(const std::string& target) {
    return dependency_closure(kernel_.snapshot(), target);
}

std::vector<std::string> ModuleService::unload_loaded(const std::string& target,
                                                      const std::string& requested,
                                                      uint64_t flags, int64_t caller_uid) {
    const std::vector<std::string> plan =
        plan_unload(kernel_.snapshot(), target, !(flags & wire::kNoDependencies));
    refuse_when_modules_disabled(kernel_);
    if (flags & wire::kDryRun)
        return plan;
    const auto in_progress = record("unload", requested, caller_uid, plan);
    return execute_unload_plan(plan, kernel_);
}

ModuleInfo ModuleService::info(const ModuleName& name) {
    ModuleInfo info = read_module_info(kmod_, kernel_, name, configuration_.current(), &modinfo_);
    if (std::get<bool>(info["loaded"]))
        info["devices"] = devices_driven_by(SysfsTree(kernel_.sysfs_root()),
                                            std::get<std::string>(info["name"]));
    return info;
}

ModuleInfo ModuleService::info(const ModulePath& path) {
    return read_module_info(kmod_, kernel_, path);
}

ModuleInfo ModuleService::info_file(const ModuleImage& image) {
    return read_module_info_image(kmod_, kernel_, image);
}

ModuleKind ModuleService::kind_of(const PlainModuleName& plain) {
    const std::string& name = plain.str();
    // The bare context: a modprobe.d alias must not make a name look like a module.
    kmod_ctx* bare = kmod_.get_without_config();
    const KmodModulePtr module = module_named(bare, name);
    if (kmod_module_get_path(module.get()) != nullptr)
        return ModuleKind::Module;
    if (is_builtin(module.get()))
        return ModuleKind::Builtin;
    kmod_list* matches = nullptr;
    if (kmod_module_new_from_lookup(bare, name.c_str(), &matches) < 0)
        throw ModuleError(ErrorCode::Failed, "cannot look up " + name + " in the module tree");
    return take_module_list(matches).empty() ? ModuleKind::Unknown : ModuleKind::Alias;
}

void ModuleService::refuse_unknown_parameters(const PlainModuleName& name,
                                              const ModuleParameters& parameters) {
    const KmodModulePtr module = module_named(kmod_.get_without_config(), name.str());
    if (kmod_module_get_path(module.get()) != nullptr)
        check_parameters(module.get(), name.str(), parameters.list());
}

ModuleConfiguration ModuleService::configuration(const PlainModuleName& name) {
    ModuleConfiguration configuration = configuration_.current().of(name.str());
    if (configuration.sources.empty() && kind_of(name) == ModuleKind::Unknown)
        throw ModuleError(ErrorCode::NotFound, "no module " + name.str() +
                                                   " in this kernel's module tree, and no "
                                                   "configuration line names it");
    return configuration;
}

ConfigurationListing ModuleService::configuration_listing() {
    return list_configuration(configuration_.current());
}

std::vector<std::string> ModuleService::load_targets(const ModuleName& name, uint64_t flags) {
    Lookup lookup = lookup_modules(kmod_.get(), name.str());
    return names_of(
        load_targets_of(kmod_, kernel_, configuration_.current(), lookup, name.str(), flags));
}

DeviceListing ModuleService::devices(bool unbound_only) {
    DeviceListing listing = scan_devices(SysfsTree(kernel_.sysfs_root()), unbound_only);
    // Devices of a kind share their modalias (every CPU, every memory block): one lookup each.
    std::map<std::string, std::vector<DeviceCandidate>> looked_up;
    const ConfigIndex& configuration = configuration_.current();
    for (auto& device : listing.devices) {
        auto found = looked_up.find(device.modalias);
        if (found == looked_up.end()) {
            auto candidates = candidates_for(kmod_.get(), device.modalias);
            for (auto& candidate : candidates)
                candidate.masked = configuration.of(candidate.module).masked;
            found = looked_up.emplace(device.modalias, std::move(candidates)).first;
        }
        device.candidates = found->second;
    }
    return listing;
}

DeviceLoad ModuleService::device_load_targets(const DeviceName& device, uint64_t flags) {
    const auto found = read_device(SysfsTree(kernel_.sysfs_root()), device);
    if (!found)
        throw ModuleError(ErrorCode::NotFound, "no device " + device.str() + " with a modalias");
    const std::string& modalias = found->modalias;
    if (candidates_for(kmod_.get(), modalias).empty())
        throw ModuleError(ErrorCode::NotFound, "no module in " + kmod_.modules_dir() +
                                                   " matches device " + device.str() + " (" +
                                                   modalias + ")");
    return {modalias, load_targets(ModuleName::checked(modalias), flags)};
}

SearchResult ModuleService::search_modules(ModuleSearch& search, const SearchQuery& query) {
    return search.search(kmod_, query);
}

} // namespace modmgr
