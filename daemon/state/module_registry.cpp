#include "state/module_registry.h"

namespace modmgr {

std::pair<uint64_t, Snapshot> SnapshotClock::take(KernelPort& kernel, ParameterReading reading) {
    // Reading under the lock makes the numbering follow the order of the reads.
    std::lock_guard<std::mutex> lock(mutex_);
    Snapshot snapshot = kernel.snapshot();
    // Numbered as soon as the list is read: the parameters read after it do not make a
    // snapshot newer than a removal announced meanwhile (KernelReconciler).
    const uint64_t sequence = ++last_;
    std::map<std::string, std::map<std::string, std::string>> parameters;
    for (auto& module : snapshot) {
        auto known = parameters_.find(module.name);
        module.parameters = reading == ParameterReading::New && known != parameters_.end()
                                ? std::move(known->second)
                                : kernel.parameters(module.name);
        parameters.emplace(module.name, module.parameters);
    }
    parameters_ = std::move(parameters);
    return {sequence, std::move(snapshot)};
}

RegistryChanges ModuleRegistry::apply(uint64_t sequence, const Snapshot& snapshot) {
    RegistryChanges changes;
    if (sequence <= sequence_)
        return changes;
    sequence_ = sequence;
    Snapshot before = std::move(current_);
    current_ = snapshot;

    for (const auto& old : before) {
        if (!find_module(current_, old.name))
            changes.removed.push_back(old);
    }
    // /proc/modules lists the newest first.
    for (auto it = current_.rbegin(); it != current_.rend(); ++it) {
        const LoadedModule* old = find_module(before, it->name);
        if (!old)
            changes.added.push_back(*it);
        else if (*old != *it)
            changes.changed.push_back(*it);
    }
    return changes;
}

RegistryChanges ModuleRegistry::forget(const std::string& name) {
    RegistryChanges changes;
    for (auto it = current_.begin(); it != current_.end(); ++it) {
        if (it->name == name) {
            changes.removed.push_back(*it);
            current_.erase(it);
            break;
        }
    }
    return changes;
}

} // namespace modmgr
