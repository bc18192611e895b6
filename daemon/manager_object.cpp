#include "manager_object.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <sstream>

#include "bus_errors.h"
#include "configuration_variant.h"
#include "info_variant.h"
#include "input_validation.h"
#include "load_flags.h"
#include "object_path.h"
#include "string_join.h"

namespace modmgr {

namespace {

// How soon to look again at a module that is still coming or going.
constexpr std::chrono::milliseconds kSettleDelay{20};


std::string hex(uint64_t value) {
    std::ostringstream out;
    out << "0x" << std::hex << value;
    return out.str();
}

// What polkit rules can match on (action.lookup("module") etc.).
std::map<std::string, std::string> details(const std::string& module,
                                           const std::vector<std::string>& parameters = {},
                                           uint64_t flags = 0) {
    return {{"module", module}, {"parameters", join(parameters, " ")}, {"flags", hex(flags)}};
}

std::string describe_names(const char* verb, const std::vector<std::string>& names) {
    return names.empty() ? "nothing " + std::string(verb) : std::string(verb) + ": " + join(names, ", ");
}

} // namespace

ManagerObject::ManagerObject(sdbus::IConnection& connection, EventLoop& loop,
                             Authorizer& authorizer, ManagerWorkers workers, KernelPort& kernel,
                             ManagerProperties properties)
    : AdaptorInterfaces(connection, kManagerPath), loop_(loop), authorizer_(authorizer),
      workers_(workers), kernel_(kernel), properties_(std::move(properties)), registry_(*this),
      configurator_(properties_.config) {
    registerAdaptor();
    // The first reading is what later ones are compared with.
    rescan_configuration();
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
    workers_.reads.submit([this](ModuleService&) {
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

template <typename T>
bool ManagerObject::validate(DeferredCall<T>& call, const std::function<void()>& checks,
                             uint64_t flags, uint64_t allowed_flags) {
    try {
        validate_flags(flags, allowed_flags);
    } catch (const ModuleError& e) {
        call.fail(sdbus::Error(kInvalidArgs, e.what()));
        return false;
    }
    try {
        checks();
    } catch (const ModuleError& e) {
        call.fail(to_bus_error(e));
        return false;
    }
    return true;
}

template <typename T>
void ManagerObject::dispatch(std::shared_ptr<DeferredCall<T>> call,
                             std::map<std::string, std::string> call_details, WorkerPool& pool,
                             Footprint footprint, std::function<T(ModuleService&)> work,
                             std::function<std::string(const T&)> describe) {
    authorizer_.check(call->caller, call->action, call_details, [=, &pool](AuthDecision decision) {
        call->caller = decision.caller;
        call->authorized_by = decision.how;
        if (decision.error) {
            call->fail(*decision.error);
            return;
        }
        pool.submit([=](ModuleService& service) {
            auto outcome = std::make_shared<Outcome<T>>();
            {
                // Held until the state after the operation has been read, so a uevent
                // refresh meanwhile leaves the announcement (with the caller) to us.
                std::unique_ptr<ModuleLocks::Guard> guard;
                try {
                    if (footprint) {
                        auto names = footprint(service);
                        guard = std::make_unique<ModuleLocks::Guard>(
                            locks_, std::set<std::string>(names.begin(), names.end()));
                    }
                    outcome->value = work(service);
                } catch (const ModuleError& e) {
                    outcome->error = to_bus_error(e);
                } catch (const std::exception& e) {
                    outcome->error = failed(e.what());
                }
                if (footprint) {
                    // Even a failed operation may have changed something (a rollback that
                    // could not finish): the registry must see the kernel as it is now.
                    try {
                        outcome->snapshot = clock_.take(kernel_);
                    } catch (const std::exception& e) {
                        spdlog::error("cannot read the loaded modules: {}", e.what());
                    }
                }
            }
            loop_.post([this, call, outcome, describe] {
                if (outcome->snapshot)
                    apply(outcome->snapshot->first, outcome->snapshot->second,
                          {call->action.id, static_cast<int32_t>(call->caller.uid)});
                if (refresh_after_operation_) {
                    refresh_after_operation_ = false;
                    refresh();
                }
                if (outcome->error)
                    call->fail(*outcome->error);
                else
                    call->reply(*outcome->value, describe(*outcome->value));
            });
        });
    });
}

void ManagerObject::Load(sdbus::Result<Names>&& result, std::string name, Names parameters,
                         uint64_t flags) {
    auto call = std::make_shared<DeferredCall<Names>>(
        std::move(result), Caller::of_current_call(getObject()), kLoadAction, name);
    if (!validate(*call, [&] { validate_module_name(name); validate_parameters(parameters); },
                  flags, kLoadFlags))
        return;
    dispatch<Names>(
        call, details(name, parameters, flags), workers_.writes,
        [name](ModuleService& service) { return service.load_footprint(name); },
        [name, parameters, flags](ModuleService& service) {
            LoadResult loaded = service.load(name, parameters, flags);
            for (const auto& command : loaded.install_commands)
                spdlog::info("{} install command for {}: {}",
                             flags & kDryRun ? "would run" : "ran", name, command);
            return loaded.inserted;
        },
        [flags](const Names& inserted) {
            return describe_names(flags & kDryRun ? "would insert" : "inserted", inserted);
        });
}

void ManagerObject::LoadFile(sdbus::Result<std::string>&& result, sdbus::UnixFd fd,
                             Names parameters, uint64_t flags) {
    auto call = std::make_shared<DeferredCall<std::string>>(
        std::move(result), Caller::of_current_call(getObject()), kLoadFileAction, "");
    if (!validate(*call, [&] { validate_parameters(parameters); }, flags, kLoadFileFlags))
        return;
    auto file = std::make_shared<sdbus::UnixFd>(std::move(fd));
    dispatch<std::string>(
        call, details("", parameters, flags), workers_.writes,
        [file](ModuleService& service) -> Names {
            const auto info = service.info_file(file->get());
            auto name = info.find("name");
            if (name == info.end())
                return {};
            return {std::get<std::string>(name->second)};
        },
        [file, parameters, flags](ModuleService& service) {
            return service.load_file(file->get(), parameters, flags);
        },
        [flags](const std::string& module) {
            return std::string(flags & kDryRun ? "would insert: " : "inserted: ") + module;
        });
}

void ManagerObject::Unload(sdbus::Result<Names>&& result, std::string name, uint64_t flags) {
    auto call = std::make_shared<DeferredCall<Names>>(
        std::move(result), Caller::of_current_call(getObject()), kUnloadAction, name);
    if (!validate(*call, [&] { validate_module_name(name); }, flags, kUnloadFlags))
        return;
    dispatch<Names>(
        call, details(name, {}, flags), workers_.writes,
        [name](ModuleService& service) { return service.unload_footprint(name); },
        [name, flags](ModuleService& service) { return service.unload(name, flags); },
        [flags](const Names& removed) {
            return describe_names(flags & kDryRun ? "would remove" : "removed", removed);
        });
}

void ManagerObject::List(sdbus::Result<std::vector<ListEntry>>&& result) {
    auto call = std::make_shared<DeferredCall<std::vector<ListEntry>>>(
        std::move(result), Caller::of_current_call(getObject()), kInspectAction, "");
    // List reads the kernel's state anyway: let the registry catch up with it too.
    dispatch<std::vector<ListEntry>>(
        call, details(""), workers_.reads, nullptr,
        [this](ModuleService&) {
            auto [sequence, snapshot] = clock_.take(kernel_);
            loop_.post([this, sequence = sequence, snapshot = snapshot] {
                apply_unattributed(sequence, snapshot);
            });
            std::vector<ListEntry> entries;
            for (const auto& m : snapshot)
                entries.emplace_back(m.name, m.size, m.refcount, m.holders, m.state);
            return entries;
        },
        [](const std::vector<ListEntry>& entries) {
            return std::to_string(entries.size()) + " modules";
        });
}

void ManagerObject::Info(sdbus::Result<InfoMap>&& result, std::string name) {
    auto call = std::make_shared<DeferredCall<InfoMap>>(
        std::move(result), Caller::of_current_call(getObject()), kInspectAction, name);
    if (!validate(*call,
                  [&] {
                      if (!looks_like_path(name))
                          validate_module_name(name);
                  },
                  0, 0))
        return;
    dispatch<InfoMap>(
        call, details(name), workers_.reads, nullptr,
        [name](ModuleService& service) { return to_variant_map(service.info(name)); },
        [](const InfoMap&) { return std::string(); });
}

void ManagerObject::InfoFile(sdbus::Result<InfoMap>&& result, sdbus::UnixFd fd) {
    auto call = std::make_shared<DeferredCall<InfoMap>>(
        std::move(result), Caller::of_current_call(getObject()), kInspectAction, "");
    auto file = std::make_shared<sdbus::UnixFd>(std::move(fd));
    dispatch<InfoMap>(
        call, details(""), workers_.reads, nullptr,
        [file](ModuleService& service) { return to_variant_map(service.info_file(file->get())); },
        [](const InfoMap&) { return std::string(); });
}

void ManagerObject::rescan_configuration() {
    workers_.config.submit([this](ModuleService&) {
        try {
            announce_configuration_changes();
        } catch (const std::exception& e) {
            spdlog::error("cannot read the module configuration: {}", e.what());
        }
    });
}

void ManagerObject::announce_configuration_changes() {
    ConfigIndex now = ConfigIndex::read(properties_.config);
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

void ManagerObject::configure(std::shared_ptr<DeferredCall<bool>> call, uint64_t flags,
                              const std::string& setting, const std::string& value,
                              std::function<bool(ModuleService&, ModuleConfigurator&)> change) {
    const std::string name = call->module;
    dispatch<bool>(
        call,
        {{"module", name}, {"setting", setting}, {"value", value}, {"flags", hex(flags)}},
        workers_.config, nullptr,
        [this, change, flags](ModuleService& service) {
            const bool changed = change(service, configurator_);
            if (changed && !(flags & kDryRun))
                announce_configuration_changes();
            return changed;
        },
        [flags, setting, value](const bool& changed) {
            const std::string what = setting + "=" + value;
            if (!changed)
                return what + ": already so";
            return flags & kDryRun ? what + ": would change" : what + ": changed";
        });
}

void ManagerObject::SetBlacklisted(sdbus::Result<bool>&& result, std::string name,
                                   bool blacklisted, uint64_t flags) {
    auto call = std::make_shared<DeferredCall<bool>>(
        std::move(result), Caller::of_current_call(getObject()), kConfigureAction, name);
    if (!validate(*call, [&] { validate_plain_module_name(name); }, flags, kConfigureFlags))
        return;
    configure(call, flags, "blacklist", blacklisted ? "true" : "false",
              [name, blacklisted, flags](ModuleService& service, ModuleConfigurator& configurator) {
                  return configurator.set_blacklisted(name, blacklisted, service.kind_of(name),
                                                      flags);
              });
}

void ManagerObject::SetOptions(sdbus::Result<bool>&& result, std::string name, Names parameters,
                               uint64_t flags) {
    auto call = std::make_shared<DeferredCall<bool>>(
        std::move(result), Caller::of_current_call(getObject()), kConfigureAction, name);
    if (!validate(*call, [&] { validate_plain_module_name(name); validate_parameters(parameters); },
                  flags, kConfigureFlags))
        return;
    configure(call, flags, "options", join(parameters, " "),
              [name, parameters, flags](ModuleService& service, ModuleConfigurator& configurator) {
                  service.refuse_unknown_parameters(name, parameters);
                  return configurator.set_options(name, parameters, service.kind_of(name), flags);
              });
}

void ManagerObject::SetLoadAtBoot(sdbus::Result<bool>&& result, std::string name, bool enabled,
                                  uint64_t flags) {
    auto call = std::make_shared<DeferredCall<bool>>(
        std::move(result), Caller::of_current_call(getObject()), kConfigureAction, name);
    if (!validate(*call, [&] { validate_plain_module_name(name); }, flags, kConfigureFlags))
        return;
    configure(call, flags, "load_at_boot", enabled ? "true" : "false",
              [name, enabled, flags](ModuleService& service, ModuleConfigurator& configurator) {
                  return configurator.set_load_at_boot(name, enabled, service.kind_of(name), flags);
              });
}

void ManagerObject::GetConfiguration(sdbus::Result<InfoMap>&& result, std::string name) {
    auto call = std::make_shared<DeferredCall<InfoMap>>(
        std::move(result), Caller::of_current_call(getObject()), kInspectAction, name);
    if (!validate(*call, [&] { validate_plain_module_name(name); }, 0, 0))
        return;
    dispatch<InfoMap>(
        call, details(name), workers_.reads, nullptr,
        [name](ModuleService& service) { return to_variant_map(service.configuration(name)); },
        [](const InfoMap&) { return std::string(); });
}

void ManagerObject::GetPermissions(sdbus::Result<Permissions>&& result) {
    auto call = std::make_shared<DeferredCall<Permissions>>(
        std::move(result), Caller::of_current_call(getObject()), kInspectAction, "");
    authorizer_.permissions(call->caller, [call](Permissions permissions) {
        call->reply(permissions, "permissions");
    });
}

} // namespace modmgr
