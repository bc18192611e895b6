#pragma once
// The daemon's view of which modules are loaded. Snapshots come in from whoever looked at
// the kernel (a finished Load/Unload today, the uevent source later); the registry diffs
// them against what it had and tells its observer exactly what changed, so every change is
// announced once, whoever made it. Runs on the event-loop thread only.
#include <cstdint>
#include <mutex>
#include <utility>

#include "kernel/kernel_port.h"
#include "kernel/loaded_module.h"

namespace modmgr {

class RegistryObserver {
public:
    virtual ~RegistryObserver() = default;
    virtual void module_added(const LoadedModule& module) = 0;
    virtual void module_removed(const LoadedModule& module) = 0;
    // Size, refcount, holders, state or parameters differ.
    virtual void module_changed(const LoadedModule& before, const LoadedModule& after) = 0;
};

// Numbers snapshots in the order they were read from the kernel. Workers finish out of
// order; the number lets the registry drop a snapshot older than one it already applied.
// Thread-safe.
class SnapshotClock {
public:
    std::pair<uint64_t, Snapshot> take(KernelPort& kernel);

private:
    std::mutex mutex_;
    uint64_t last_ = 0;
};

class ModuleRegistry {
public:
    explicit ModuleRegistry(RegistryObserver& observer) : observer_(observer) {}

    // Added modules are announced oldest first (the order they were inserted), removed ones
    // in the order the previous snapshot listed them (dependents before dependencies).
    void apply(uint64_t sequence, const Snapshot& snapshot);
    const Snapshot& current() const { return current_; }

private:
    RegistryObserver& observer_;
    Snapshot current_;
    uint64_t sequence_ = 0;
};

} // namespace modmgr
