#include "state/kernel_reconciler.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>
#include <utility>

namespace modmgr {

KernelReconciler::KernelReconciler(Scheduler& loop, ReadOffLoop read_off_loop,
                                   KernelPort& kernel, SnapshotClock& clock, ModuleLocks& locks,
                                   Publish publish)
    : loop_(loop), read_off_loop_(std::move(read_off_loop)), kernel_(kernel), clock_(clock),
      locks_(locks), publish_(std::move(publish)) {}

RegistryChanges KernelReconciler::start() {
    auto [sequence, snapshot] = clock_.take(kernel_, ParameterReading::All);
    return registry_.apply(sequence, snapshot);
}

void KernelReconciler::refresh(ParameterReading reading) {
    if (refresh_running_) {
        if (!refresh_again_ || reading == ParameterReading::All)
            refresh_again_ = reading;
        return;
    }
    refresh_running_ = true;
    read_off_loop_([this, reading] {
        std::optional<std::pair<uint64_t, Snapshot>> taken;
        try {
            taken = clock_.take(kernel_, reading);
        } catch (const std::exception& e) {
            spdlog::error("cannot read the loaded modules: {}", e.what());
        }
        loop_.post([this, taken] {
            refresh_running_ = false;
            if (taken)
                catch_up(taken->first, taken->second);
            if (refresh_again_) {
                const ParameterReading again = *refresh_again_;
                refresh_again_.reset();
                refresh(again);
            }
        });
    });
}

void KernelReconciler::module_removed_by_kernel(const std::string& name) {
    // Reading /proc/modules now would wait until the kernel has freed the module: it holds
    // module_mutex across an RCU grace period (tens of milliseconds) to do so.
    if (locks_.held(name)) {
        removed_by_kernel_[name] = 0;
        return;
    }
    removed_by_kernel_[name] = clock_.last();
    const RegistryChanges changes = registry_.forget(name);
    if (!changes.empty())
        publish_(changes, {});
}

void KernelReconciler::operation_finished(uint64_t sequence, const Snapshot& snapshot,
                                          const Attribution& who) {
    apply(sequence, without_announced_removals(sequence, snapshot), who);
    if (refresh_after_operation_) {
        refresh_after_operation_ = false;
        refresh(ParameterReading::New);
    }
}

void KernelReconciler::catch_up(uint64_t sequence, const Snapshot& listed) {
    const Snapshot snapshot = without_announced_removals(sequence, listed);
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

Snapshot KernelReconciler::without_announced_removals(uint64_t sequence, const Snapshot& listed) {
    Snapshot snapshot;
    for (const auto& m : listed) {
        const auto removed = removed_by_kernel_.find(m.name);
        if (removed == removed_by_kernel_.end() ||
            (sequence > removed->second && m.state != "going"))
            snapshot.push_back(m);
    }
    // An announcement is spent once a list read after it shows the module gone, or loaded
    // again.
    for (auto it = removed_by_kernel_.begin(); it != removed_by_kernel_.end();) {
        const LoadedModule* m = find_module(listed, it->first);
        const bool spent = sequence > it->second && (!m || m->state != "going");
        it = spent ? removed_by_kernel_.erase(it) : std::next(it);
    }
    return snapshot;
}

void KernelReconciler::apply(uint64_t sequence, const Snapshot& snapshot, const Attribution& who) {
    const RegistryChanges changes = registry_.apply(sequence, snapshot);
    if (!changes.empty())
        publish_(changes, who);
    settle(snapshot);
}

void KernelReconciler::settle(const Snapshot& snapshot) {
    // The kernel sends a module's remove uevent while the module is still listed ("going"),
    // and its add uevent while it is "coming": look again shortly rather than at the next
    // periodic refresh. A module stuck in its init or exit function keeps that state: back
    // off instead of spinning.
    const bool settling = std::any_of(snapshot.begin(), snapshot.end(),
                                      [](const LoadedModule& m) { return m.state != "live"; });
    if (!settling) {
        settle_attempts_ = 0;
    } else if (!settle_scheduled_ && kSettleDelay * (1 << settle_attempts_) < kRefcountRefresh) {
        settle_scheduled_ = true;
        loop_.after(kSettleDelay * (1 << settle_attempts_++), [this] {
            settle_scheduled_ = false;
            refresh(ParameterReading::New);
        });
    }
}

} // namespace modmgr
