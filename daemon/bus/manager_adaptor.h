#pragma once
// org.modmgr1.Manager at /org/modmgr1, with the ObjectManager for the module objects.
// Like hostnamed, each method is one short handler that says how its call goes through the
// CallPipeline: what it validates, what polkit is asked about, which work runs where. The
// parts it answers with have their own homes: KernelReconciler keeps the registry in step with
// the kernel, ModulePublisher turns its changes into module objects and signals (before the
// reply of the call that made them), ConfigurationState tells ConfigChanged and
// ConfigSettingChanged.
#include <sdbus-c++/sdbus-c++.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "authorization/caller_authority.h"
#include "bus/module_publisher.h"
#include "calls/call_pipeline.h"
#include "calls/module_locks.h"
#include "config/config_editor.h"
#include "config/config_layout.h"
#include "modmgr1_adaptor.h"
#include "runtime/event_loop.h"
#include "runtime/worker_pool.h"
#include "state/configuration_state.h"
#include "state/device_bindings.h"
#include "state/kernel_reconciler.h"
#include "state/module_registry.h"
#include "wire_types.h"

namespace modmgr {

struct ManagerProperties {
    std::string version;
    std::string kernel_release;
    std::string modules_directory;
    ConfigLayout config;
};

struct ManagerWorkers {
    // List, Info, GetConfiguration, ListConfiguration, GetKernelStatus, ListDevices,
    // refreshes: never queued behind a slow Load
    WorkerPool& reads;
    WorkerPool& writes; // Load, LoadFile, Unload
    // InfoFile: a caller's file may be slow to read (up to ModuleFileLimits' deadline); it
    // never holds up List and Info.
    WorkerPool& files;
    // One thread: the Set* methods and configuration rescans run one at a time, which is
    // what keeps two changes from writing the same file at once.
    WorkerPool& config;
    // One thread: SearchModules, whose first search after a change of the module tree builds
    // the index (a second or more); List and Info never wait behind it.
    WorkerPool& searches;
};

class ManagerAdaptor final
    : public sdbus::AdaptorInterfaces<org::modmgr1::Manager_adaptor, sdbus::ObjectManager_adaptor>,
      private ModuleBus {
public:
    // Takes the first reading of the configuration (see ConfigurationState).
    ManagerAdaptor(sdbus::IConnection& connection, EventLoop& loop, CallerAuthority& authority,
                   ManagerWorkers workers, KernelPort& kernel, ManagerProperties properties);
    ~ManagerAdaptor();

    // The daemon is stopping (the workers are stopped): answers every call still open.
    void stop() { calls_.stop(); }

    // Reads the kernel's modules and publishes their objects, without ModuleLoaded signals:
    // nothing was loaded, the daemon just started. Blocks; for start-up only.
    void publish_current_state() { publisher_->publish_found(reconciler_.start()); }
    KernelReconciler& reconciler() { return reconciler_; }
    // The configuration directories may have changed (ConfigMonitor): on the config worker,
    // read again unless the last reading's stamp is still current, and announce ConfigChanged
    // for each module whose sources differ.
    void rescan_configuration();
    // A device uevent, as DeviceBindings told it: DeviceChanged.
    void device_changed(const DeviceChange& change) {
        emitDeviceChanged(change.action, change.device, change.modalias, change.driver,
                          change.module);
    }

private:
    using Names = std::vector<std::string>;
    using ListEntry = wire::ListRow;
    using InfoMap = std::map<std::string, sdbus::Variant>;
    using Permissions = std::map<std::string, std::string>;
    using ConfigEntries = std::vector<wire::ConfigEntryRow>;
    using KernelStatusReply = std::tuple<uint64_t, bool, bool, std::string>;
    using DeviceRows = std::vector<wire::DeviceRow>;
    using SearchMatches = std::vector<wire::SearchMatchRow>;
    using InsertedAndWarnings = std::tuple<Names, Names>;

    void Load(sdbus::Result<Names, Names>&& result, std::string name, Names parameters,
              uint64_t flags) override;
    void LoadFile(sdbus::Result<std::string>&& result, sdbus::UnixFd fd, Names parameters,
                  uint64_t flags) override;
    void Unload(sdbus::Result<Names>&& result, std::string name, uint64_t flags) override;
    void List(sdbus::Result<std::vector<ListEntry>>&& result) override;
    void Info(sdbus::Result<InfoMap>&& result, std::string name) override;
    void InfoFile(sdbus::Result<InfoMap>&& result, sdbus::UnixFd fd) override;
    void GetPermissions(sdbus::Result<Permissions>&& result) override;
    void SetBlacklisted(sdbus::Result<bool>&& result, std::string name, bool blacklisted,
                        uint64_t flags) override;
    void SetOptions(sdbus::Result<bool>&& result, std::string name, Names parameters,
                    uint64_t flags) override;
    void SetLoadAtBoot(sdbus::Result<bool>&& result, std::string name, bool enabled,
                       uint64_t flags) override;
    void SetMasked(sdbus::Result<bool>&& result, std::string name, bool masked,
                   uint64_t flags) override;
    void GetConfiguration(sdbus::Result<InfoMap>&& result, std::string name) override;
    void ListConfiguration(sdbus::Result<ConfigEntries, bool>&& result) override;
    void GetKernelStatus(sdbus::Result<uint64_t, bool, bool, std::string>&& result) override;
    void ListDevices(sdbus::Result<DeviceRows, bool>&& result, uint64_t flags) override;
    void LoadForDevice(sdbus::Result<Names, Names>&& result, std::string device,
                       uint64_t flags) override;
    void SearchModules(sdbus::Result<SearchMatches, bool>&& result, std::string query) override;

    std::string Version() override { return properties_.version; }
    std::string KernelRelease() override { return properties_.kernel_release; }
    std::string ModulesDirectory() override { return properties_.modules_directory; }
    uint32_t LoadedCount() override { return static_cast<uint32_t>(reconciler_.current().size()); }
    Names ConfigurationFiles() override {
        return {properties_.config.owned_modprobe_file, properties_.config.owned_modules_load_file};
    }

    // ModuleBus: what ModulePublisher sends.
    std::unique_ptr<PublishedModule> publish_object(const LoadedModule& module) override;
    void module_loaded(const std::string& name) override { emitModuleLoaded(name); }
    void module_unloaded(const std::string& name) override { emitModuleUnloaded(name); }
    void modules_changed(const Names& loaded, const Names& unloaded, const Attribution& who) override {
        emitModulesChanged(loaded, unloaded, who.action, who.caller_uid);
    }
    void loaded_count_changed() override;
    // ConfigurationState's announcement of one module's change: ConfigChanged, then
    // ConfigSettingChanged.
    void config_changed(const ConfigChange& change);

    // The arrival of Info, InfoFile or GetConfiguration (all inspect `module`), answered by
    // an InfoReply; nullptr when refused (and answered).
    std::shared_ptr<DeferredCall<ModuleInfo>> begin_info_call(sdbus::Result<InfoMap>&& result,
                                                              const std::string& module);
    // The validate stage of Load and SetOptions: a module name (ModuleName or PlainModuleName)
    // and its parameters, checked in that order; nullopt when refused (and answered).
    template <typename Name>
    std::optional<std::pair<Name, ModuleParameters>> checked_module_and_parameters(
        PendingCall& call, const std::string& name, const Names& parameters, uint64_t flags,
        uint64_t allowed_flags) {
        std::optional<std::pair<Name, ModuleParameters>> checked;
        if (!calls_.validate(call, [&] {
                Name module = Name::checked(name);
                checked.emplace(std::move(module), ModuleParameters::checked(parameters));
            }, flags, allowed_flags))
            return std::nullopt;
        return checked;
    }
    // The footprint and work of Load and LoadForDevice once what to load is prepared (P):
    // `alias(prepared)` planned on a write worker for the locks, then carried out.
    template <typename P>
    void load_steps(CallSteps<InsertedAndWarnings, P>& steps,
                    std::function<ModuleName(const P&)> alias, ModuleParameters parameters,
                    uint64_t flags);
    // SetBlacklisted, SetLoadAtBoot and SetMasked: a yes/no setting of a module, changed by `set`.
    using SwitchSetter = bool (ConfigEditor::*)(const PlainModuleName&, bool, ModuleKind,
                                                const ConfigIndex&, uint64_t);
    void configure_switch(sdbus::Result<bool>&& result, const std::string& name,
                          const char* setting, bool on, uint64_t flags, SwitchSetter set);
    // A validated Set* call: authorized (details: module, setting, value, flags), then the
    // config worker runs `change` against the current configuration (ConfigurationState::
    // current()), reads back what it wrote -> ConfigChanged, ConfigSettingChanged (setting,
    // value and caller) -> reply.
    void configure(std::shared_ptr<DeferredCall<bool>> call, const PlainModuleName& module,
                   uint64_t flags, const std::string& setting, const std::string& value,
                   std::function<bool(ModuleService&, ConfigEditor&, const ConfigIndex&)> change);

    EventLoop& loop_;
    ManagerWorkers workers_;
    KernelPort& kernel_;
    ManagerProperties properties_;
    SnapshotClock clock_;
    ModuleLocks locks_; // taken by write workers only
    // Reset first when the daemon stops, so the module objects go before the Manager's.
    std::unique_ptr<ModulePublisher> publisher_;
    KernelReconciler reconciler_;
    CallPipeline calls_;
    // SearchModules' index of the module tree, used on the search worker.
    ModuleSearch search_;
    // Config worker only (and the constructor, before any worker job).
    ConfigurationState configuration_;
    ConfigEditor configurator_;
};

} // namespace modmgr
