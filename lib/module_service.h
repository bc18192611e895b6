#pragma once
// The kernel-facing operations of modmgr: what modprobe, modprobe -r, insmod, rmmod and
// modinfo do (lsmod is the KernelPort's snapshot), with typed errors (ModuleError). No D-Bus here. Not thread-safe: each
// worker thread owns one ModuleService (and so one libkmod context); the KernelPort may be
// shared.
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "base/input_validation.h"
#include "config/config_editor.h"
#include "config/config_index.h"
#include "config/configuration_listing.h"
#include "config/kept_configuration.h"
#include "devices/device.h"
#include "image/module_image.h"
#include "info/modinfo_cache.h"
#include "info/module_info.h"
#include "kernel/kernel_port.h"
#include "kernel/loaded_module.h"
#include "kernel/operation_records.h"
#include "load/load_plan.h"
#include "lookup/kmod_context.h"
#include "search/module_search.h"

namespace modmgr {

struct LoadResult {
    // Modules actually inserted, in order (with DRY_RUN: the ones that would be).
    std::vector<std::string> inserted;
    // modprobe.d install commands that ran (or would run), for the log.
    std::vector<std::string> install_commands;
    // What went wrong without failing the load (softdeps are optional), for the log.
    std::vector<std::string> warnings;
};

// A Load decided before it is carried out: one lookup and one probe list serve both the
// module locks (`modules`) and the work (`plan`).
struct PlannedLoad {
    std::string requested;
    std::vector<KmodModulePtr> targets;
    ModuleParameters parameters;
    uint64_t flags = 0;
    LoadPlan plan;
    // What the load may touch: the name asked for, the targets and their probe lists; the
    // daemon serializes operations whose sets overlap.
    std::vector<std::string> modules;
    // Those of `modules` that were loaded when the plan was made.
    std::set<std::string> loaded;
};

// What a LoadForDevice of a device loads: its modalias, loaded like a Load of that alias, and
// the modules it goes for.
struct DeviceLoad {
    std::string modalias;
    std::vector<std::string> targets;
};

class ModuleService {
public:
    // `records` (may be null: none kept) keeps each kernel-changing operation on disk while
    // it runs; see OperationRecords.
    ModuleService(KmodContext& kmod, KernelPort& kernel, OperationRecords* records = nullptr);

    // The operations that change the kernel take the uid they are done for (-1 when none),
    // for the record of an operation in progress.

    // modprobe, decided: what a load of `name` (a module name or alias) does, from the module
    // tree, modprobe.d and the kernel's state now. Throws NotFound, Masked (a target or any
    // module of its probe list is masked: masks.h; whatever the flags, also for a module in
    // the kernel already), Blacklisted (not for a module in the kernel already),
    // AlreadyLoaded (FIRST_TIME), InvalidArgument (parameters the module does not declare,
    // values their declared type does not take).
    PlannedLoad plan_load(const ModuleName& name, const ModuleParameters& parameters,
                          uint64_t flags);
    // modprobe, carried out. A target already in the kernel takes none of the caller's
    // parameters: unless the values /sys/module shows are the ones asked for (a unit loading
    // it again with the same ones succeeds), this throws ParametersNotApplied (Builtin for a
    // builtin module), also with DRY_RUN; a value it cannot read counts as not applied.
    // The plan may be older than the module locks its caller took on
    // planned.modules (modmgrd plans, then waits for them): the kernel's state is read again
    // here, and when a module of the plan came or went meanwhile the plan is made again from
    // the same lookup. Under the locks nothing else changes those modules.
    LoadResult load(PlannedLoad& planned, int64_t caller_uid = -1);
    // insmod of a module file a caller passed. Returns the module's name. Throws Masked when
    // that name is masked.
    std::string load_file(const ModuleImage& image, const ModuleParameters& parameters,
                          uint64_t flags, int64_t caller_uid = -1);
    // The module's own name (from its .modinfo), as a load of the file would insert it.
    std::string file_module_name(const ModuleImage& image);

    // The loaded module an Unload of `name` would remove (a name or an alias of one loaded
    // module). Throws NotLoaded, NotFound, Builtin, InvalidArgument.
    std::string unload_target(const ModuleName& name);
    // The modules an unload of the loaded module `target` may remove (its dependency
    // closure); the daemon serializes operations whose sets overlap.
    std::vector<std::string> unload_footprint(const std::string& target);
    // modprobe -r of the loaded module `target` (as unload_target() named it: NotLoaded when
    // it is gone by now) with full dependency cleanup; returns the removed modules in order.
    // `requested` is the name the caller gave, for the record.
    std::vector<std::string> unload_loaded(const std::string& target, const std::string& requested,
                                           uint64_t flags, int64_t caller_uid = -1);

    // modinfo by name or alias, or by path inside the modules directory; by name also the
    // devices a loaded module drives now ("devices").
    ModuleInfo info(const ModuleName& name);
    ModuleInfo info(const ModulePath& path);
    // modinfo of a module file a caller passed.
    ModuleInfo info_file(const ModuleImage& image);

    // What the module tree says `name` is (a module name, not an alias), so that
    // configuration changes refuse names that no file could ever apply to.
    ModuleKind kind_of(const PlainModuleName& name);
    // Refuses (InvalidArgument) parameters the module file `name` does not declare, and values
    // their declared type does not take, as Load does, so that a typo is not written to a file
    // and ignored (or failing the load) at the next load. A name that
    // is not a module file is left to the caller's own checks.
    void refuse_unknown_parameters(const PlainModuleName& name, const ModuleParameters& parameters);
    // The persistent configuration of `name` with its sources. Throws NotFound when `name`
    // is neither in the module tree nor named by any configuration line (a name left behind
    // in the configuration, its module gone, still shows its lines).
    ModuleConfiguration configuration(const PlainModuleName& name);
    // Every blacklist, options and load line in effect, within the listing's bounds.
    ConfigurationListing configuration_listing();

    // The modules a Load of `name` would load (after alias resolution, without the ones
    // modprobe.d blacklists unless `flags` has IGNORE_BLACKLIST), so that polkit is asked about
    // the modules, not about whatever name the caller chose. Throws NotFound, Masked (a
    // target), Blacklisted.
    std::vector<std::string> load_targets(const ModuleName& name, uint64_t flags);

    // The kernel's devices with a modalias (only those without a driver when `unbound_only`),
    // each with the modules its modalias matches; see device_scan.h.
    DeviceListing devices(bool unbound_only);
    // What a load for `device` goes for: the modules its modalias matches that a Load of the
    // modalias would load (load_targets). Throws NotFound (no such device, no modalias, no
    // module matches), Blacklisted.
    DeviceLoad device_load_targets(const DeviceName& device, uint64_t flags);

    // The module tree searched for `query` (module_search.h), in `search`'s index, which the
    // workers share, with this worker's libkmod context.
    SearchResult search_modules(ModuleSearch& search, const SearchQuery& query);

private:
    // Throws when a target in the kernel already (in `now`, or builtin) would not get the
    // caller's parameters; see load().
    void refuse_unapplied_parameters(const PlannedLoad& planned, const Snapshot& now);
    // Fills planned.plan, .modules and .loaded for the kernel's state `loaded`.
    void plan_for(PlannedLoad& planned, const Snapshot& loaded);
    OperationRecords::InProgress record(const char* action, const std::string& requested,
                                        int64_t caller_uid, std::vector<std::string> modules);

    KmodContext& kmod_;
    KernelPort& kernel_;
    OperationRecords* records_;
    KeptConfiguration configuration_;
    ModinfoCache modinfo_;
};

} // namespace modmgr
