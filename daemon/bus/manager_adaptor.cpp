#include "bus/manager_adaptor.h"

#include <spdlog/spdlog.h>

#include <sstream>

#include "base/input_validation.h"
#include "bus/bus_errors.h"
#include "bus/configuration_reply.h"
#include "bus/device_rows.h"
#include "bus/info_reply.h"
#include "bus/module_object.h"
#include "bus/object_path.h"
#include "bus/search_rows.h"
#include "lookup/module_resolution.h"
#include "text/string_join.h"
#include "wire_contract.h"

namespace modmgr {

namespace {

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

void log_search_index(const SearchIndexBuilt& built) {
    spdlog::info("search index of the module tree built in {:.2f} s: {} modules, {} aliases, {} KiB{}{}",
                 built.seconds, built.modules, built.aliases, built.bytes >> 10,
                 built.unreadable ? ", " + std::to_string(built.unreadable) + " module files unreadable" : "",
                 built.complete ? "" : ", past its bounds: the rest left out");
}

} // namespace

ManagerAdaptor::ManagerAdaptor(sdbus::IConnection& connection, EventLoop& loop,
                               CallerAuthority& authority, ManagerWorkers workers,
                               KernelPort& kernel, ManagerProperties properties)
    : AdaptorInterfaces(connection, wire::kManagerPath), loop_(loop), workers_(workers),
      kernel_(kernel), properties_(std::move(properties)),
      publisher_(std::make_unique<ModulePublisher>(static_cast<ModuleBus&>(*this))),
      reconciler_(
          loop,
          [reads = &workers_.reads](std::function<void()> read) {
              reads->submit(WorkerPool::kDaemonJobs, [read](ModuleService&) { read(); });
          },
          kernel, clock_, locks_,
          [this](const RegistryChanges& changes, const Attribution& who) {
              publisher_->publish(changes, who);
          }),
      calls_(loop, authority, locks_, clock_, kernel,
             [this](uint64_t sequence, const Snapshot& snapshot, const Attribution& who) {
                 reconciler_.operation_finished(sequence, snapshot, who);
             }),
      search_(SearchIndexLimits{}, log_search_index),
      configuration_(properties_.config, loop,
                     [this](const ConfigChange& change) { config_changed(change); }),
      configurator_(properties_.config) {
    registerAdaptor();
}

ManagerAdaptor::~ManagerAdaptor() {
    publisher_.reset();
    unregisterAdaptor();
}

std::unique_ptr<PublishedModule> ManagerAdaptor::publish_object(const LoadedModule& module) {
    return std::make_unique<ModuleObject>(getObject().getConnection(), module);
}

void ManagerAdaptor::config_changed(const ConfigChange& change) {
    emitConfigChanged(change.module);
    emitConfigSettingChanged(change.module, change.setting, change.value, change.who.action,
                             change.who.caller_uid);
}

void ManagerAdaptor::loaded_count_changed() {
    getObject().emitPropertiesChangedSignal(org::modmgr1::Manager_adaptor::INTERFACE_NAME,
                                            {wire::manager_property::kLoadedCount});
}

void ManagerAdaptor::Load(sdbus::Result<Names, Names>&& result, std::string name,
                          Names parameters, uint64_t flags) {
    auto call = calls_.begin(std::move(result), getObject(), kLoadAction, name);
    const auto checked = call ? checked_module_and_parameters<ModuleName>(
                                    *call, name, parameters, flags, wire::kLoadFlags)
                              : std::nullopt;
    if (!checked)
        return;
    const auto& [module, checked_parameters] = *checked;
    CallSteps<InsertedAndWarnings, Names> steps;
    steps.prepare_on = &workers_.reads;
    steps.prepare = [module = module, flags](ModuleService& service) {
        return service.load_targets(module, flags);
    };
    steps.details = [name, parameters, flags](const Names& targets) {
        return module_details(targets, name, parameters, flags);
    };
    load_steps<Names>(steps, [module = module](const Names&) { return module; },
                      checked_parameters, flags);
    calls_.run(call, std::move(steps));
}

template <typename P>
void ManagerAdaptor::load_steps(CallSteps<InsertedAndWarnings, P>& steps,
                                std::function<ModuleName(const P&)> alias,
                                ModuleParameters parameters, uint64_t flags) {
    steps.work_on = &workers_.writes;
    // The plan made for the locks is the one the work carries out. It holds libkmod objects
    // of the write worker's context, so the work takes it and it ends on that thread.
    auto planned = std::make_shared<std::optional<PlannedLoad>>();
    steps.footprint = [alias, parameters, flags, planned](ModuleService& service, const P& prepared) {
        planned->emplace(service.plan_load(alias(prepared), parameters, flags));
        return (*planned)->modules;
    };
    steps.work = [flags, planned](ModuleService& service, const P&, const Attribution& who) {
        PlannedLoad plan = std::move(**planned);
        planned->reset();
        LoadResult loaded = service.load(plan, who.caller_uid);
        for (const auto& command : loaded.install_commands)
            spdlog::info("{} install command for {}: {}", flags & wire::kDryRun ? "would run" : "ran",
                         plan.requested, command);
        for (const auto& warning : loaded.warnings)
            spdlog::warn("load of {} for uid {}: {}", plan.requested, who.caller_uid, warning);
        return InsertedAndWarnings{loaded.inserted, loaded.warnings};
    };
    steps.describe = [flags](const InsertedAndWarnings& reply) {
        return describe_names(flags & wire::kDryRun ? "would insert" : "inserted", std::get<0>(reply));
    };
}

void ManagerAdaptor::LoadForDevice(sdbus::Result<Names, Names>&& result, std::string device,
                                   uint64_t flags) {
    auto call = calls_.begin(std::move(result), getObject(), kLoadAction, device);
    std::optional<DeviceName> checked;
    if (!call || !calls_.validate(*call, [&] { checked = DeviceName::checked(device); }, flags,
                                  wire::kLoadFlags))
        return;
    CallSteps<InsertedAndWarnings, DeviceLoad> steps;
    steps.prepare_on = &workers_.reads;
    steps.prepare = [device = *checked, flags](ModuleService& service) {
        return service.device_load_targets(device, flags);
    };
    steps.details = [device, flags](const DeviceLoad& load) {
        std::vector<PolkitDetails> each = module_details(load.targets, load.modalias, {}, flags);
        for (auto& details : each)
            details["device"] = device;
        return each;
    };
    load_steps<DeviceLoad>(steps, [](const DeviceLoad& load) { return ModuleName::checked(load.modalias); },
                           ModuleParameters(), flags);
    calls_.run(call, std::move(steps));
}

void ManagerAdaptor::ListDevices(sdbus::Result<DeviceRows, bool>&& result, uint64_t flags) {
    auto call = calls_.begin(std::move(result), getObject(), kInspectAction, "");
    if (!call || !calls_.validate(*call, [] {}, flags, wire::kListDevicesFlags))
        return;
    CallSteps<std::tuple<DeviceRows, bool>> steps;
    steps.work_on = &workers_.reads;
    steps.work = [flags](ModuleService& service, const NothingPrepared&, const Attribution&) {
        return device_rows(service.devices(flags & wire::kUnbound));
    };
    steps.describe = [](const std::tuple<DeviceRows, bool>& reply) {
        return std::to_string(std::get<0>(reply).size()) + " devices" +
               (std::get<1>(reply) ? " (truncated)" : "");
    };
    calls_.run(call, std::move(steps));
}

void ManagerAdaptor::SearchModules(sdbus::Result<SearchMatches, bool>&& result, std::string query) {
    // No module: the journal's MODULE= field names modules, not what callers searched for.
    auto call = calls_.begin(std::move(result), getObject(), kInspectAction, "");
    std::optional<SearchQuery> checked;
    if (!call || !calls_.validate(*call, [&] { checked = SearchQuery::checked(query); }))
        return;
    CallSteps<std::tuple<SearchMatches, bool>> steps;
    steps.details = [query](const NothingPrepared&) {
        return std::vector<PolkitDetails>{{{"query", query}}};
    };
    steps.work_on = &workers_.searches;
    steps.work = [this, query = *checked](ModuleService& service, const NothingPrepared&, const Attribution&) {
        return search_rows(service.search_modules(search_, query));
    };
    steps.describe = [](const std::tuple<SearchMatches, bool>& reply) {
        return std::to_string(std::get<0>(reply).size()) + " matches" +
               (std::get<1>(reply) ? " (truncated)" : "");
    };
    calls_.run(call, std::move(steps));
}

void ManagerAdaptor::LoadFile(sdbus::Result<std::string>&& result, sdbus::UnixFd fd,
                             Names parameters, uint64_t flags) {
    auto call = calls_.begin(std::move(result), getObject(), kLoadFileAction, "");
    std::optional<ModuleParameters> checked;
    if (!call || !calls_.validate(*call, [&] { checked = ModuleParameters::checked(parameters); },
                                  flags, wire::kLoadFileFlags))
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
        return std::string(flags & wire::kDryRun ? "would insert: " : "inserted: ") + module;
    };
    calls_.run(call, std::move(steps));
}

void ManagerAdaptor::Unload(sdbus::Result<Names>&& result, std::string name, uint64_t flags) {
    auto call = calls_.begin(std::move(result), getObject(), kUnloadAction, name);
    std::optional<ModuleName> module;
    if (!call || !calls_.validate(*call, [&] { module = ModuleName::checked(name); }, flags, wire::kUnloadFlags))
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
        return describe_names(flags & wire::kDryRun ? "would remove" : "removed", removed);
    };
    calls_.run(call, std::move(steps));
}

void ManagerAdaptor::List(sdbus::Result<std::vector<ListEntry>>&& result) {
    auto call = calls_.begin(std::move(result), getObject(), kInspectAction, "");
    if (!call)
        return;
    CallSteps<std::vector<ListEntry>> steps;
    steps.work_on = &workers_.reads;
    // List reads the kernel's state anyway: let the registry catch up with it too.
    steps.work = [this](ModuleService&, const NothingPrepared&, const Attribution&) {
        auto [sequence, snapshot] = clock_.take(kernel_, ParameterReading::New);
        loop_.post([this, sequence = sequence, snapshot = snapshot] {
            reconciler_.catch_up(sequence, snapshot);
        });
        std::vector<ListEntry> entries;
        for (const auto& m : snapshot)
            entries.emplace_back(m.name, m.size, m.refcount, m.holders, m.state, m.taint,
                                 m.signature_verified);
        return entries;
    };
    steps.describe = [](const std::vector<ListEntry>& entries) {
        return std::to_string(entries.size()) + " modules";
    };
    calls_.run(call, std::move(steps));
}

std::shared_ptr<DeferredCall<ModuleInfo>>
ManagerAdaptor::begin_info_call(sdbus::Result<InfoMap>&& result, const std::string& module) {
    Caller caller = Caller::of_current_call(getObject());
    auto reply = std::make_unique<InfoReply>(std::move(result), getObject(), caller.sender);
    return calls_.admit<ModuleInfo>(std::move(caller), std::move(reply), kInspectAction, module);
}

void ManagerAdaptor::Info(sdbus::Result<InfoMap>&& result, std::string name) {
    auto call = begin_info_call(std::move(result), name);
    std::optional<ModuleName> module;
    std::optional<ModulePath> path;
    if (!call || !calls_.validate(*call, [&] {
            if (looks_like_path(name))
                path = ModulePath::checked(name);
            else
                module = ModuleName::checked(name);
        }))
        return;
    CallSteps<ModuleInfo> steps;
    steps.details = [name](const NothingPrepared&) {
        return std::vector<PolkitDetails>{{{"module", name}}};
    };
    steps.work_on = &workers_.reads;
    steps.work = [module, path](ModuleService& service, const NothingPrepared&, const Attribution&) {
        return path ? service.info(*path) : service.info(*module);
    };
    calls_.run(call, std::move(steps));
}

void ManagerAdaptor::InfoFile(sdbus::Result<InfoMap>&& result, sdbus::UnixFd fd) {
    auto call = begin_info_call(std::move(result), "");
    if (!call)
        return;
    auto file = std::make_shared<sdbus::UnixFd>(std::move(fd));
    CallSteps<ModuleInfo> steps;
    steps.work_on = &workers_.files;
    steps.work = [file](ModuleService& service, const NothingPrepared&, const Attribution&) {
        return service.info_file(ModuleImage::from_caller_fd(file->get()));
    };
    calls_.run(call, std::move(steps));
}

void ManagerAdaptor::rescan_configuration() {
    workers_.config.submit(WorkerPool::kDaemonJobs,
                           [this](ModuleService&) { configuration_.announce_if_changed(); });
}

void ManagerAdaptor::configure_switch(sdbus::Result<bool>&& result, const std::string& name,
                                      const char* setting, bool on, uint64_t flags,
                                      SwitchSetter set) {
    auto call = calls_.begin(std::move(result), getObject(), kConfigureAction, name);
    std::optional<PlainModuleName> module;
    if (!call || !calls_.validate(*call, [&] { module = PlainModuleName::checked(name); },
                                  flags, wire::kConfigureFlags))
        return;
    configure(call, *module, flags, setting, on ? "true" : "false",
              [module = *module, on, flags, set](ModuleService& service, ConfigEditor& editor,
                                                 const ConfigIndex& current) {
                  return (editor.*set)(module, on, service.kind_of(module), current, flags);
              });
}

void ManagerAdaptor::configure(std::shared_ptr<DeferredCall<bool>> call, const PlainModuleName& module,
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
    steps.work = [this, change, flags, name = module.str(), setting,
                  value](ModuleService& service, const NothingPrepared&, const Attribution& who) {
        // The configuration this change is checked against and made from: the kept reading
        // when nothing changed since (no file read). The written change is read back once,
        // announced (with its caller) and kept, so the inotify rescan it triggers reads nothing.
        const bool changed = change(service, configurator_, configuration_.current());
        if (changed && !(flags & wire::kDryRun))
            configuration_.announce_changes(ConfigChange::by_call(name, setting, value, who));
        return changed;
    };
    steps.describe = [flags, setting, value](const bool& changed) {
        const std::string what = setting + "=" + value;
        if (!changed)
            return what + ": already so";
        return flags & wire::kDryRun ? what + ": would change" : what + ": changed";
    };
    calls_.run(call, std::move(steps));
}

void ManagerAdaptor::SetBlacklisted(sdbus::Result<bool>&& result, std::string name,
                                    bool blacklisted, uint64_t flags) {
    configure_switch(std::move(result), name, "blacklist", blacklisted, flags,
                     &ConfigEditor::set_blacklisted);
}

void ManagerAdaptor::SetOptions(sdbus::Result<bool>&& result, std::string name, Names parameters,
                               uint64_t flags) {
    auto call = calls_.begin(std::move(result), getObject(), kConfigureAction, name);
    const auto checked = call ? checked_module_and_parameters<PlainModuleName>(
                                    *call, name, parameters, flags, wire::kConfigureFlags)
                              : std::nullopt;
    if (!checked)
        return;
    const auto& [module, checked_parameters] = *checked;
    configure(call, module, flags, "options", join(parameters, " "),
              [module = module, checked = checked_parameters, flags](ModuleService& service,
                                                            ConfigEditor& configurator,
                                                            const ConfigIndex& current) {
                  service.refuse_unknown_parameters(module, checked);
                  return configurator.set_options(module, checked, service.kind_of(module),
                                                  current, flags);
              });
}

void ManagerAdaptor::SetLoadAtBoot(sdbus::Result<bool>&& result, std::string name, bool enabled,
                                   uint64_t flags) {
    configure_switch(std::move(result), name, "load_at_boot", enabled, flags,
                     &ConfigEditor::set_load_at_boot);
}

void ManagerAdaptor::SetMasked(sdbus::Result<bool>&& result, std::string name, bool masked,
                              uint64_t flags) {
    configure_switch(std::move(result), name, "mask", masked, flags, &ConfigEditor::set_masked);
}

void ManagerAdaptor::GetConfiguration(sdbus::Result<InfoMap>&& result, std::string name) {
    auto call = begin_info_call(std::move(result), name);
    std::optional<PlainModuleName> module;
    if (!call || !calls_.validate(*call, [&] { module = PlainModuleName::checked(name); }))
        return;
    CallSteps<ModuleInfo> steps;
    steps.details = [name](const NothingPrepared&) {
        return std::vector<PolkitDetails>{{{"module", normalize_module_name(name)}}};
    };
    steps.work_on = &workers_.reads;
    steps.work = [module = *module](ModuleService& service, const NothingPrepared&, const Attribution&) {
        return configuration_fields(service.configuration(module));
    };
    calls_.run(call, std::move(steps));
}

void ManagerAdaptor::ListConfiguration(sdbus::Result<ConfigEntries, bool>&& result) {
    auto call = calls_.begin(std::move(result), getObject(), kInspectAction, "");
    if (!call)
        return;
    CallSteps<std::tuple<ConfigEntries, bool>> steps;
    steps.work_on = &workers_.reads;
    steps.work = [](ModuleService& service, const NothingPrepared&, const Attribution&) {
        return configuration_entries(service.configuration_listing());
    };
    steps.describe = [](const std::tuple<ConfigEntries, bool>& reply) {
        return std::to_string(std::get<0>(reply).size()) + " entries" +
               (std::get<1>(reply) ? " (truncated)" : "");
    };
    calls_.run(call, std::move(steps));
}

void ManagerAdaptor::GetKernelStatus(sdbus::Result<uint64_t, bool, bool, std::string>&& result) {
    auto call = calls_.begin(std::move(result), getObject(), kInspectAction, "");
    if (!call)
        return;
    CallSteps<KernelStatusReply> steps;
    steps.work_on = &workers_.reads;
    steps.work = [this](ModuleService&, const NothingPrepared&, const Attribution&) {
        KernelStatus status = kernel_.status();
        return KernelStatusReply{status.tainted, status.modules_disabled, status.signatures_enforced,
                                 std::move(status.lockdown)};
    };
    steps.describe = [](const KernelStatusReply& status) {
        return "tainted " + std::to_string(std::get<0>(status));
    };
    calls_.run(call, std::move(steps));
}

void ManagerAdaptor::GetPermissions(sdbus::Result<Permissions>&& result) {
    if (auto call = calls_.begin(std::move(result), getObject(), kInspectAction, ""))
        calls_.permissions(call);
}

} // namespace modmgr
