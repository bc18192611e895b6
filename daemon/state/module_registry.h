#pragma once
// The daemon's view of which modules are loaded. Snapshots come in from whoever looked at
// the kernel (a finished Load/Unload, a refresh after a uevent or on the periodic check,
// List); the registry diffs each against what it had and returns exactly what changed, so
// every change is announced once, whoever made it. Event-loop thread only.
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <utility>

#include "kernel/kernel_port.h"
#include "kernel/loaded_module.h"

namespace modmgr {

// What one snapshot changed.
struct RegistryChanges {
    Snapshot removed; // in the order the previous snapshot listed them (dependents first)
    Snapshot added;   // oldest first (the order they were inserted)
    // As they are now, oldest first: size, refcount, holders, state or parameters differ.
    Snapshot changed;

    bool empty() const { return removed.empty() && added.empty() && changed.empty(); }
};

// Whose parameters a snapshot for the registry reads from sysfs (a file per parameter).
enum class ParameterReading {
    // Only modules the clock's previous snapshot did not list; the others keep the values
    // read before. Enough after a uevent or an operation: a module loaded with other
    // parameters is a new module.
    New,
    // Every module's: the periodic check, since a parameter written through sysfs, or a
    // module unloaded and loaded again between two snapshots, sends no uevent.
    All,
};

// Takes the snapshots the registry gets, each with every module's parameters, and numbers
// them in the order their /proc/modules was read. Workers finish out of order; the number
// lets the registry drop a snapshot older than one it already applied. Thread-safe.
class SnapshotClock {
public:
    std::pair<uint64_t, Snapshot> take(KernelPort& kernel, ParameterReading reading);
    // The number of the newest snapshot whose list of modules has been read: every snapshot
    // numbered higher is read after this call. Does not wait for a reading in progress.
    uint64_t last() const { return last_.load(); }

private:
    std::mutex mutex_;
    std::atomic<uint64_t> last_{0};
    // Each module of the previous snapshot, with its parameters.
    std::map<std::string, std::map<std::string, std::string>> parameters_;
};

class ModuleRegistry {
public:
    // Takes `snapshot` as the current state; a snapshot older than the current one changes
    // nothing.
    RegistryChanges apply(uint64_t sequence, const Snapshot& snapshot);
    // `name` is gone, known without a snapshot (the kernel announced it): drops it from the
    // current state, and the next snapshot, whatever its number, is applied as usual.
    RegistryChanges forget(const std::string& name);
    const Snapshot& current() const { return current_; }

private:
    Snapshot current_;
    uint64_t sequence_ = 0;
};

} // namespace modmgr
