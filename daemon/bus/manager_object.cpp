#include "bus/manager_object.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <sstream>

#include "base/input_validation.h"
#include "bus/bus_errors.h"
#include "bus/configuration_reply.h"
#include "bus/info_reply.h"
#include "bus/object_path.h"
#include "load/load_flags.h"
#include "lookup/module_resolution.h"
#include "text/string_join.h"

namespace modmgr {

namespace {

// How soon to look again at a module that is still coming or going.
constexpr std::chrono::milliseconds kSettleDelay{20};

std::string hex(uint64_t value) {
    std::ostringstream out;
    out << "0x" << std::hex << value;
    return out.str();
}

// What polkit rules can match on (action.lookup("module") etc.): one map per module the call
// concerns, named as the module tree names it (an alias or a '-' spelling must not slip past
// a rule about a module), with the name as the caller wrote it in "requested".
std::vector<PolkitDetails> module_details(const std::vector<std::string>& modules,
                                          const std::string& requested,
                                          const std::vector<std::string>& parameters,
                                          uint64_t flags) {
    std::vector<PolkitDetails> each;
    for (const auto& module : modules)
        each.push_back({{"module", module},
                        {"requested", requested},
                        {"parameters", join(parameters, " ")},
                        {"flags", hex(flags)}});
    return each;
}

std::string describe_names(const char* verb, const std::vector<std::string>& names) {
    return names.empty() ? "nothing " + std::string(verb) : std::string(verb) + ": " + join(names, ", ");
}

} // namespace

ManagerObject::ManagerObject(sdbus::IConnection& connection, EventLoop& loop,
                             Authorizer& authorizer, ManagerWorkers workers, KernelPort& kernel,
                             ManagerProperties properties)
    : AdaptorInterfaces(connection, kManagerPath), loop_(loop), workers_(workers),
      kernel_(kernel), properties_(std::move(properties)), registry_(*this),
      calls_(loop, authorizer, locks_, clock_, kernel,
             [this](uint64_t sequence, const Snapshot& snapshot, const Attribution& who) {
                 apply(sequence, snapshot, who);
                 if (refresh_after_operation_) {
                     refresh_after_operation_ = false;
                     refresh();
                 }
             }),
      configurator_(properties_.config) {
    registerAdaptor();
    // The first reading, what later ones are compared with (so it announces nothing), is taken
    // here, before modmgrd says it is ready: an edit made after READY=1 must be announced, and
    // a first reading still queued on the worker would absorb it silently. (No worker runs a
    // job of ours yet.)
    announce_configuration_changes();
}

ManagerObject::~ManagerObject() {
    // The modules stay loaded when the daemon stops: drop the objects without announcing
    // removals that did not happen.
    for (auto& [name, object] : module_objects_)
        object->forget();
    module_objects_.clear();
    unregisterAdaptor();
}

void ManagerObject::publish_current_state() {
    auto [sequence, snapshot] = clock_.take(kernel_);
    announce_ = false;
    registry_.apply(sequence, snapshot);
    announce_ = true;
}

void ManagerObject::apply(uint64_t sequence, const Snapshot& snapshot, const Attribution& who) {
    const size_t count_before = registry_.current().size();
    loaded_now_.clear();
    unloaded_now_.clear();
    registry_.apply(sequence, snapshot);
    if (!loaded_now_.empty() || !unloaded_now_.empty())
        emitModulesChanged(loaded_now_, unloaded_now_, who.action, who.caller_uid);
    if (registry_.current().size() != count_before)
        getObject().emitPropertiesChangedSignal(org::modmgr1::Manager_adaptor::INTERFACE_NAME,
                                                {"LoadedCount"});
    // The kernel sends a module's remove uevent while the module is still listed ("going"),
    // and its add uevent while it is "coming": look again shortly rather than at the next
    // periodic refresh, so the change is announced within milliseconds.
    // A module stuck in its init or exit function keeps that state: back off (20 ms,
    // 40 ms, ... up to the periodic refresh) instead of spinning.
    const bool settling = std::any_of(snapshot.begin(), snapshot.end(),
                                      [](const LoadedModule& m) { return m.state != "live"; });
    if (!settling) {
        settle_attempts_ = 0;
    } else if (!settle_scheduled_ && kSettleDelay * (1 << settle_attempts_) < kRefcountRefresh) {
        settle_scheduled_ = true;
        loop_.after(kSettleDelay * (1 << settle_attempts_++), [this] {
            settle_scheduled_ = false;
            refresh();
        });
    }
}

void ManagerObject::module_removed_by_kernel(const std::string& name) {
    removed_by_kernel_.insert(name);
}

void ManagerObject::apply_unattributed(uint64_t sequence, const Snapshot& listed) {
    Snapshot snapshot;
    for (const auto& m : listed) {
        if (!(m.state == "going" && removed_by_kernel_.count(m.name)))
            snapshot.push_back(m);
    }
    for (auto it = removed_by_kernel_.begin(); it != removed_by_kernel_.end();) {
        it = find_module(listed, *it) ? std::next(it) : removed_by_kernel_.erase(it);
    }
    auto in_flight = [this](const LoadedModule& m) { return locks_.held(m.name); };
    const Snapshot& current = registry_.current();
    for (const auto& m : snapshot) {
        if (!find_module(current, m.name) && in_flight(m)) {
            refresh_after_operation_ = true;
            return;
        }
    }
    for (const auto& m : current) {
        if (!find_module(snapshot, m.name) && in_flight(m)) {
            refresh_after_operation_ = true;
            return;
        }
    }
    apply(sequence, snapshot, {});
}

void ManagerObject::refresh() {
    if (refresh_running_) {
        refresh_again_ = true;
        return;
    }
    refresh_running_ = true;
    workers_.reads.submit(WorkerPool::kDaemonJobs, [this](ModuleService&) {
        std::optional<std::pair<uint64_t, Snapshot>> taken;
        try {
            taken = clock_.take(kernel_);
        } catch (const std::exception& e) {
            spdlog::error("cannot read the loaded modules: {}", e.what());
        }
        loop_.post([this, taken] {
            refresh_running_ = false;
            if (taken)
                apply_unattributed(taken->first, taken->second);
            if (refresh_again_) {
                refresh_again_ = false;
                refresh();
            }
        });
    });
}

void ManagerObject::module_added(const LoadedModule& module) {
    module_objects_[module.name] = std::make_unique<ModuleObject>(getObject().getConnection(), module);
    if (announce_) {
        emitModuleLoaded(module.name);
        loaded_now_.push_back(module.name);
    }
}

void ManagerObject::module_removed(const LoadedModule& module) {
    module_objects_.erase(module.name);
    if (announce_) {
        emitModuleUnloaded(module.name);
        unloaded_now_.push_back(module.name);
    }
}

void ManagerObject::module_changed(const LoadedModule&, const LoadedModule& after) {
    auto it = module_objects_.find(after.name);
    if (it != module_objects_.end())
        it->second->update(after);
}

void ManagerObject::Load(sdbus::Result<Names>&& result, std::string name, Names parameters,
                         uint64_t flags) {
    auto call = calls_.begin(std::move(result), getObject(), kLoadAction, name);
    std::optional<ModuleName> module;
    std::optional<ModuleParameters> checked;
    if (!call || !calls_.validate(*call, [&] {
            module = ModuleName::checked(name);
            checked = ModuleParameters::checked(parameters);
        }, flags, kLoadFlags))
        return;
    CallSteps<Names, Names> steps;
    steps.prepare_on = &workers_.reads;
    steps.prepare = [module = *module, flags](ModuleService& service) {
        return service.load_targets(module, flags);
    };
    steps.details = [name, parameters, flags](const Names& targets) {
        return module_details(targets, name, parameters, flags);
    };
    steps.work_on = &workers_.writes;
    // The plan made for the locks is the one the work carries out. It holds libkmod objects
    // of the write worker's context, so the work takes it and it ends on that thread.
    auto planned = std::make_shared<std::optional<PlannedLoad>>();
    steps.footprint = [module = *module, checked = *checked, flags, planned](ModuleService& service,
                                                                           const Names&) {
        planned->emplace(service.plan_load(module, checked, flags));
        return (*planned)->modules;
    };
    steps.work = [name, flags, planned](ModuleService& service, const Names&, const Attribution& who) {
        PlannedLoad plan = std::move(**planned);
        planned->reset();
        LoadResult loaded = service.load(plan, who.caller_uid);
        for (const auto& command : loaded.install_commands)
            spdlog::info("{} install command for {}: {}", flags & kDryRun ? "would run" : "ran",
                         name, command);
        return loaded.inserted;
    };
    steps.describe = [flags](const Names& inserted) {
        return describe_names(flags & kDryRun ? "would insert" : "inserted", inserted);
    };
    calls_.run(call, std::move(steps));
}

void ManagerObject::LoadFile(sdbus::Result<std::string>&& result, sdbus::UnixFd fd,
                             Names parameters, uint64_t flags) {
    auto call = calls_.begin(std::move(result), getObject(), kLoadFileAction, "");
    std::optional<ModuleParameters> checked;
    if (!call || !calls_.validate(*call, [&] { checked = ModuleParameters::checked(parameters); },
                                  flags, kLoadFileFlags))
        return;
    auto file = std::make_shared<sdbus::UnixFd>(std::move(fd));
    // The file is read only once authorized (an unauthorized caller makes modmgrd hold no
    // copy while polkit waits), by the footprint step, which needs the module's name for the
    // lock; the work then inserts exactly what was read.
    auto image = std::make_shared<std::optional<ModuleImage>>();
    CallSteps<std::string> steps;
    steps.details = [parameters, flags](const NothingPrepared&) {
        return std::vector<PolkitDetails>{{{"parameters", join(parameters, " ")}, {"flags", hex(flags)}}};
    };
    steps.work_on = &workers_.writes;
    steps.footprint = [file, image](ModuleService& service, const NothingPrepared&) {
        image->emplace(ModuleImage::from_caller_fd(file->get()));
        return Names{service.file_module_name(**image)};
    };
    steps.work = [image, checked = *checked, flags](ModuleService& service, const NothingPrepared&,
                                                   const Attribution& who) {
        return service.load_file(**image, checked, flags, who.caller_uid);
    };
    steps.describe = [flags](const std::string& module) {
        return std::string(flags & kDryRun ? "would insert: " : "inserted: ") + module;
    };
    calls_.run(call, std::move(steps));
}

void ManagerObject::Unload(sdbus::Result<Names>&& result, std::string name, uint64_t flags) {
    auto call = calls_.begin(std::move(result), getObject(), kUnloadAction, name);
    std::optional<ModuleName> module;
    if (!call || !calls_.validate(*call, [&] { module = ModuleName::checked(name); }, flags, kUnloadFlags))
        return;
    CallSteps<Names, std::string> steps;
    steps.prepare_on = &workers_.reads;
    steps.prepare = [module = *module](ModuleService& service) { return service.unload_target(module); };
    steps.details = [name, flags](const std::string& target) {
        return module_details({target}, name, {}, flags);
    };
    steps.work_on = &workers_.writes;
    // The module polkit was asked about is the one locked and removed.
    steps.footprint = [](ModuleService& service, const std::string& target) {
        return service.unload_footprint(target);
    };
    steps.work = [name, flags](ModuleService& service, const std::string& target, const Attribution& who) {
        return service.unload_loaded(target, name, flags, who.caller_uid);
    };
    steps.describe = [flags](const Names& removed) {
        return describe_names(flags & kDryRun ? "would remove" : "removed", removed);
    };
    calls_.run(call, std::move(steps));
}

void ManagerObject::List(sdbus::Result<std::vector<ListEntry>>&& result) {
    auto call = calls_.begin(std::move(result), getObject(), kInspectAction, "");
    if (!call)
        return;
    CallSteps<std::vector<ListEntry>> steps;
    steps.work_on = &workers_.reads;
    // List reads the kernel's state anyway: let the registry catch up with it too.
    steps.work = [this](ModuleService&, const NothingPrepared&, const Attribution&) {
        auto [sequence, snapshot] = clock_.take(kernel_);
        loop_.post([this, sequence = sequence, snapshot = snapshot] {
            apply_unattributed(sequence, snapshot);
        });
        std::vector<ListEntry> entries;
        for (const auto& m : snapshot)
            entries.emplace_back(m.name, m.size, m.refcount, m.holders, m.state);
        return entries;
    };
    steps.describe = [](const std::vector<ListEntry>& entries) {
        return std::to_string(entries.size()) + " modules";
    };
    calls_.run(call, std::move(steps));
}

void ManagerObject::Info(sdbus::Result<InfoMap>&& result, std::string name) {
    auto call = calls_.begin(std::move(result), getObject(), kInspectAction, name);
    std::optional<ModuleName> module;
    std::optional<ModulePath> path;
    if (!call || !calls_.validate(*call, [&] {
            if (looks_like_path(name))
                path = ModulePath::checked(name);
            else
                module = ModuleName::checked(name);
        }))
        return;
    CallSteps<InfoMap> steps;
    steps.details = [name](const NothingPrepared&) {
        return std::vector<PolkitDetails>{{{"module", name}}};
    };
    steps.work_on = &workers_.reads;
    steps.work = [module, path](ModuleService& service, const NothingPrepared&, const Attribution&) {
        return to_variant_map(path ? service.info(*path) : service.info(*module));
    };
    calls_.run(call, std::move(steps));
}

void ManagerObject::InfoFile(sdbus::Result<InfoMap>&& result, sdbus::UnixFd fd) {
    auto call = calls_.begin(std::move(result), getObject(), kInspectAction, "");
    if (!call)
        return;
    auto file = std::make_shared<sdbus::UnixFd>(std::move(fd));
    CallSteps<InfoMap> steps;
    steps.work_on = &workers_.files;
    steps.work = [file](ModuleService& service, const NothingPrepared&, const Attribution&) {
        return to_variant_map(service.info_file(ModuleImage::from_caller_fd(file->get())));
    };
    calls_.run(call, std::move(steps));
}

void ManagerObject::rescan_configuration() {
    workers_.config.submit(WorkerPool::kDaemonJobs,
                           [this](ModuleService&) { announce_configuration_changes(); });
}

void ManagerObject::announce_configuration_changes() {
    // A reading that fails announces nothing and keeps the last good one to compare with; a
    // change that was written stays a success for its caller.
    ConfigIndex now;
    try {
        now = ConfigIndex::read(properties_.config);
    } catch (const std::exception& e) {
        spdlog::error("cannot read the module configuration: {}", e.what());
        return;
    }
    std::set<std::string> changed;
    if (configuration_)
        changed = configuration_->changed_modules(now);
    configuration_ = std::move(now);
    // Posted before the worker posts the reply of a change, so the signal goes out first.
    if (!changed.empty())
        loop_.post([this, changed] {
            for (const auto& module : changed)
                emitConfigChanged(module);
        });
}

std::optional<PlainModuleName> ManagerObject::validate_configuration(PendingCall& call,
                                                                    const std::string& name,
                                                                    uint64_t flags) {
    std::optional<PlainModuleName> module;
    if (!calls_.validate(call, [&] { module = PlainModuleName::checked(name); }, flags, kConfigureFlags))
        return std::nullopt;
    return module;
}

void ManagerObject::configure(std::shared_ptr<DeferredCall<bool>> call, const PlainModuleName& module,
                              uint64_t flags, const std::string& setting, const std::string& value,
                              std::function<bool(ModuleService&, ConfigEditor&, const ConfigIndex&)> change) {
    CallSteps<bool> steps;
    steps.details = [name = module.str(), flags, setting, value](const NothingPrepared&) {
        return std::vector<PolkitDetails>{{{"module", normalize_module_name(name)},
                                           {"requested", name},
                                           {"setting", setting},
                                           {"value", value},
                                           {"flags", hex(flags)}}};
    };
    steps.work_on = &workers_.config;
    steps.work = [this, change, flags](ModuleService& service, const NothingPrepared&,
                                       const Attribution&) {
        // The one reading of the configuration this change is checked against and made from.
        const bool changed = change(service, configurator_, ConfigIndex::read(properties_.config));
        if (changed && !(flags & kDryRun))
            announce_configuration_changes();
        return changed;
    };
    steps.describe = [flags, setting, value](const bool& changed) {
        const std::string what = setting + "=" + value;
        if (!changed)
            return what + ": already so";
        return flags & kDryRun ? what + ": would change" : what + ": changed";
    };
    calls_.run(call, std::move(steps));
}

void ManagerObject::SetBlacklisted(sdbus::Result<bool>&& result, std::string name,
                                   bool blacklisted, uint64_t flags) {
    auto call = calls_.begin(std::move(result), getObject(), kConfigureAction, name);
    const auto module = call ? validate_configuration(*call, name, flags) : std::nullopt;
    if (!module)
        return;
    configure(call, *module, flags, "blacklist", blacklisted ? "true" : "false",
              [module = *module, blacklisted, flags](ModuleService& service, ConfigEditor& configurator,
                                                     const ConfigIndex& current) {
                  return configurator.set_blacklisted(module, blacklisted, service.kind_of(module),
                                                      current, flags);
              });
}

void ManagerObject::SetOptions(sdbus::Result<bool>&& result, std::string name, Names parameters,
                               uint64_t flags) {
    auto call = calls_.begin(std::move(result), getObject(), kConfigureAction, name);
    std::optional<PlainModuleName> module;
    std::optional<ModuleParameters> checked;
    if (!call || !calls_.validate(*call, [&] {
            module = PlainModuleName::checked(name);
            checked = ModuleParameters::checked(parameters);
        }, flags, kConfigureFlags))
        return;
    configure(call, *module, flags, "options", join(parameters, " "),
              [module = *module, checked = *checked, flags](ModuleService& service,
                                                            ConfigEditor& configurator,
                                                            const ConfigIndex& current) {
                  service.refuse_unknown_parameters(module, checked);
                  return configurator.set_options(module, checked, service.kind_of(module),
                                                  current, flags);
              });
}

void ManagerObject::SetLoadAtBoot(sdbus::Result<bool>&& result, std::string name, bool enabled,
                                  uint64_t flags) {
    auto call = calls_.begin(std::move(result), getObject(), kConfigureAction, name);
    const auto module = call ? validate_configuration(*call, name, flags) : std::nullopt;
    if (!module)
        return;
    configure(call, *module, flags, "load_at_boot", enabled ? "true" : "false",
              [module = *module, enabled, flags](ModuleService& service, ConfigEditor& configurator,
                                                 const ConfigIndex& current) {
                  return configurator.set_load_at_boot(module, enabled, service.kind_of(module),
                                                       current, flags);
              });
}

void ManagerObject::GetConfiguration(sdbus::Result<InfoMap>&& result, std::string name) {
    auto call = calls_.begin(std::move(result), getObject(), kInspectAction, name);
    std::optional<PlainModuleName> module;
    if (!call || !calls_.validate(*call, [&] { module = PlainModuleName::checked(name); }))
        return;
    CallSteps<InfoMap> steps;
    steps.details = [name](const NothingPrepared&) {
        return std::vector<PolkitDetails>{{{"module", normalize_module_name(name)}}};
    };
    steps.work_on = &workers_.reads;
    steps.work = [module = *module](ModuleService& service, const NothingPrepared&, const Attribution&) {
        return to_variant_map(service.configuration(module));
    };
    calls_.run(call, std::move(steps));
}

void ManagerObject::GetPermissions(sdbus::Result<Permissions>&& result) {
    if (auto call = calls_.begin(std::move(result), getObject(), kInspectAction, ""))
        calls_.permissions(call);
}

} // namespace modmgr
