#pragma once
// The kernel-facing operations of modmgr: what modprobe, modprobe -r, insmod, rmmod, lsmod
// and modinfo do, with typed errors (ModuleError). No D-Bus here. Not thread-safe: each
// worker thread owns one ModuleService (and so one libkmod context); the KernelPort may be
// shared.
#include <cstdint>
#include <string>
#include <vector>

#include "config/config_editor.h"
#include "config/config_index.h"
#include "image/module_image.h"
#include "info/module_info.h"
#include "kernel/kernel_port.h"
#include "kernel/loaded_module.h"
#include "kernel/operation_records.h"
#include "lookup/kmod_context.h"

namespace modmgr {

struct LoadResult {
    // Modules actually inserted, in order (with DRY_RUN: the ones that would be).
    std::vector<std::string> inserted;
    // modprobe.d install commands that ran (or would run), for the log.
    std::vector<std::string> install_commands;
    // What went wrong without failing the load (softdeps are optional), for the log.
    std::vector<std::string> warnings;
};

class ModuleService {
public:
    // `records` (may be null: none kept) keeps each kernel-changing operation on disk while
    // it runs; see OperationRecords.
    ModuleService(KmodContext& kmod, KernelPort& kernel, OperationRecords* records = nullptr);

    // The operations that change the kernel take the uid they are done for (-1 when none),
    // for the record of an operation in progress.

    // modprobe: `name` is a module name or alias (validated here first).
    LoadResult load(const std::string& name, const std::vector<std::string>& parameters,
                    uint64_t flags, int64_t caller_uid = -1);
    // insmod of a module file a caller passed. Returns the module's name.
    std::string load_file(const ModuleImage& image, const std::vector<std::string>& parameters,
                          uint64_t flags, int64_t caller_uid = -1);
    // The module's own name (from its .modinfo), as a load of the file would insert it.
    std::string file_module_name(const ModuleImage& image);
    // modprobe -r with full dependency cleanup; returns the removed modules in order.
    std::vector<std::string> unload(const std::string& name, uint64_t flags,
                                    int64_t caller_uid = -1);
    // lsmod.
    Snapshot list();
    // modinfo by name, alias, or path inside the modules directory.
    ModuleInfo info(const std::string& name_or_path);
    // modinfo of a module file a caller passed.
    ModuleInfo info_file(const ModuleImage& image);

    // What the module tree says `name` is (a module name, not an alias), so that
    // configuration changes refuse names that no file could ever apply to.
    ModuleKind kind_of(const std::string& name);
    // Refuses (InvalidArgument) parameters the module file `name` does not declare, as Load
    // does, so that a typo is not written to a file and ignored at the next load. A name that
    // is not a module file is left to the caller's own checks.
    void refuse_unknown_parameters(const std::string& name,
                                   const std::vector<std::string>& parameters);
    // The persistent configuration of `name` (validated here) with its sources.
    ModuleConfiguration configuration(const std::string& name);

    // The modules a Load of `name` would load (after alias resolution, without the ones
    // modprobe.d blacklists unless `flags` has IGNORE_BLACKLIST), so that polkit is asked about
    // the modules, not about whatever name the caller chose. Throws NotFound, Blacklisted.
    std::vector<std::string> load_targets(const std::string& name, uint64_t flags);
    // The loaded module an Unload of `name` would remove (a name or an alias of one loaded
    // module). Throws NotLoaded, NotFound, Builtin, InvalidArgument.
    std::string unload_target(const std::string& name);

    // The names (after alias resolution and with all dependencies and softdeps) that a
    // load of `name` may touch, or that an unload may remove: the daemon serializes
    // operations whose sets overlap. Never throws for unknown names (returns {name}).
    std::vector<std::string> load_footprint(const std::string& name);
    std::vector<std::string> unload_footprint(const std::string& name);

private:
    OperationRecords::InProgress record(const char* action, const std::string& requested,
                                        int64_t caller_uid, std::vector<std::string> modules);

    KmodContext& kmod_;
    KernelPort& kernel_;
    OperationRecords* records_;
};

} // namespace modmgr
