#pragma once
// org.modmgr1.Manager at /org/modmgr1, with the ObjectManager for the module objects.
// Like hostnamed, each method is one short handler that says how its call goes through the
// CallPipeline: what it validates, what polkit is asked about, which work runs where.
// Kernel-changing work then refreshes the registry, which announces every change (signals,
// module objects) before the caller gets its reply.
#include <sdbus-c++/sdbus-c++.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "authorization/authorizer.h"
#include "bus/module_object.h"
#include "calls/call_pipeline.h"
#include "calls/module_locks.h"
#include "config/config_editor.h"
#include "config/config_index.h"
#include "config/config_layout.h"
#include "modmgr1_adaptor.h"
#include "runtime/event_loop.h"
#include "runtime/worker_pool.h"
#include "state/module_registry.h"

namespace modmgr {

// modmgrd re-reads reference counts and holders this often (they change without uevents).
constexpr std::chrono::seconds kRefcountRefresh{5};

struct ManagerProperties {
    std::string version;
    std::string kernel_release;
    std::string modules_directory;
    ConfigLayout config;
};

struct ManagerWorkers {
    WorkerPool& reads;  // List, Info: never queued behind a slow Load
    WorkerPool& writes; // Load, LoadFile, Unload
    // InfoFile: a caller's file may be slow to read (up to ModuleFileLimits' deadline); it
    // never holds up List and Info.
    WorkerPool& files;
    // One thread: the Set* methods and configuration rescans run one at a time, which is
    // what keeps two changes from writing the same file at once.
    WorkerPool& config;
};

class ManagerObject final
    : public sdbus::AdaptorInterfaces<org::modmgr1::Manager_adaptor, sdbus::ObjectManager_adaptor>,
      private RegistryObserver {
public:
    ManagerObject(sdbus::IConnection& connection, EventLoop& loop, Authorizer& authorizer,
                  ManagerWorkers workers, KernelPort& kernel, ManagerProperties properties);
    ~ManagerObject();

    // The daemon is stopping (the workers are stopped): answers every call still open.
    void stop() { calls_.stop(); }

    // Reads the kernel's modules and publishes their objects, without ModuleLoaded signals:
    // nothing was loaded, the daemon just started. Blocks; for start-up only.
    void publish_current_state();

    // Something may have changed behind our back (a module uevent, lost uevents, the
    // periodic check of reference counts): re-read the kernel on a worker and announce the
    // difference. Calls while one is running fold into one more.
    void refresh();
    // The kernel announced NAME's removal. It is still listed as "going" for a moment (its
    // memory is being freed); from now on that listing counts as gone.
    void module_removed_by_kernel(const std::string& name);

    // The configuration directories may have changed (ConfigMonitor): compare with the last
    // look and announce ConfigChanged for each module whose sources differ.
    void rescan_configuration();

private:
    using Names = std::vector<std::string>;
    using ListEntry = sdbus::Struct<std::string, uint64_t, int32_t, Names, std::string>;
    using InfoMap = std::map<std::string, sdbus::Variant>;
    using Permissions = std::map<std::string, std::string>;

    void Load(sdbus::Result<Names>&& result, std::string name, Names parameters,
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
    void GetConfiguration(sdbus::Result<InfoMap>&& result, std::string name) override;

    std::string Version() override { return properties_.version; }
    std::string KernelRelease() override { return properties_.kernel_release; }
    std::string ModulesDirectory() override { return properties_.modules_directory; }
    uint32_t LoadedCount() override { return static_cast<uint32_t>(registry_.current().size()); }
    Names ConfigurationFiles() override {
        return {properties_.config.owned_modprobe_file, properties_.config.owned_modules_load_file};
    }

    void module_added(const LoadedModule& module) override;
    void module_removed(const LoadedModule& module) override;
    void module_changed(const LoadedModule& before, const LoadedModule& after) override;

    // The input checks of SetBlacklisted and SetLoadAtBoot: the checked name; nullopt when
    // refused (and answered).
    std::optional<PlainModuleName> validate_configuration(PendingCall& call,
                                                          const std::string& name, uint64_t flags);
    // A validated Set* call: authorized (details: module, setting, value, flags), then the
    // config worker reads the configuration once and runs `change` against that reading ->
    // ConfigChanged -> reply.
    void configure(std::shared_ptr<DeferredCall<bool>> call, const PlainModuleName& module,
                   uint64_t flags, const std::string& setting, const std::string& value,
                   std::function<bool(ModuleService&, ConfigEditor&, const ConfigIndex&)> change);
    // Config worker only (and the constructor, before any worker job): reads the
    // configuration and posts ConfigChanged for every module whose sources differ from the
    // last good reading.
    void announce_configuration_changes();

    // Applies a snapshot and emits ModulesChanged/LoadedCount for what changed.
    void apply(uint64_t sequence, const Snapshot& snapshot, const Attribution& who);
    // A snapshot nobody's operation produced (refresh, List). While an operation works on a
    // module that the snapshot shows changed, it is put off: the operation reports its own
    // change with its caller, and a refresh follows it.
    void apply_unattributed(uint64_t sequence, const Snapshot& snapshot);

    EventLoop& loop_;
    ManagerWorkers workers_;
    KernelPort& kernel_;
    ManagerProperties properties_;
    SnapshotClock clock_;
    ModuleLocks locks_; // taken by write workers only
    ModuleRegistry registry_;
    CallPipeline calls_;
    std::map<std::string, std::unique_ptr<ModuleObject>> module_objects_;
    bool announce_ = true; // false while publishing the start-up state
    std::vector<std::string> loaded_now_, unloaded_now_; // collected while applying
    bool refresh_running_ = false;
    bool refresh_again_ = false;
    bool refresh_after_operation_ = false;
    bool settle_scheduled_ = false;
    int settle_attempts_ = 0;
    std::set<std::string> removed_by_kernel_;
    // Config worker only.
    ConfigEditor configurator_;
    std::optional<ConfigIndex> configuration_;
};

} // namespace modmgr
