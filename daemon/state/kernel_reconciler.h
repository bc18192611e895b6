#pragma once
// Keeps the registry in step with the kernel, whoever changes it, and hands each change to
// `publish` exactly once:
//  - an operation of modmgrd reports the state it left, read while it still held its module
//    locks (operation_finished), and the change is announced with its caller;
//  - anything else (a uevent, lost uevents, the periodic check of reference counts) asks for
//    a refresh: the kernel is read again on a worker. A refresh asked for while one runs
//    folds into one more after it;
//  - a snapshot that shows a module appear or disappear while an operation holds that
//    module's lock is put off: the operation reports its own change with its caller, and a
//    refresh follows it;
//  - a module the kernel lists as "coming" or "going" is looked at again shortly (20 ms,
//    40 ms, ... while below the periodic refresh), so its arrival or departure is announced
//    within milliseconds, and one stuck in its init or exit function is not spun on;
//  - a module whose removal the kernel announced (uevent) is announced gone at once, without
//    reading the kernel (unless modmgrd's own operation holds it: that one announces it with
//    its caller); snapshots whose list was read before the announcement do not bring it back,
//    and while the kernel still lists it as "going" it counts as gone.
// Event-loop thread only; the reading itself runs where `read_off_loop` puts it.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "calls/module_locks.h"
#include "kernel/kernel_port.h"
#include "runtime/scheduler.h"
#include "state/attribution.h"
#include "state/module_registry.h"

namespace modmgr {

// modmgrd re-reads reference counts and holders this often (they change without uevents).
constexpr std::chrono::seconds kRefcountRefresh{5};
// How soon to look again at a module that is still coming or going, the first time.
constexpr std::chrono::milliseconds kSettleDelay{20};

class KernelReconciler {
public:
    // Runs `read` on a worker thread (reading the kernel blocks).
    using ReadOffLoop = std::function<void(std::function<void()> read)>;
    using Publish = std::function<void(const RegistryChanges& changes, const Attribution& who)>;

    KernelReconciler(Scheduler& loop, ReadOffLoop read_off_loop, KernelPort& kernel,
                     SnapshotClock& clock, ModuleLocks& locks, Publish publish);

    const Snapshot& current() const { return registry_.current(); }

    // Start-up: reads the kernel now, on this thread (blocks), and returns what it found, for
    // publishing without signals.
    RegistryChanges start();
    // Something may have changed behind modmgrd's back: read the kernel again and announce
    // the difference. `reading` says whose parameters are read (module_registry.h).
    void refresh(ParameterReading reading);
    // The kernel announced NAME's removal (its exit function has run): announces it. It is
    // still listed as "going" for a moment (its memory is being freed); that listing counts
    // as gone.
    void module_removed_by_kernel(const std::string& name);
    // What a kernel-changing operation left, for the caller `who`; then the refresh it put
    // off, if any.
    void operation_finished(uint64_t sequence, const Snapshot& snapshot, const Attribution& who);
    // A snapshot read for another purpose (List's reply): the registry catches up with it,
    // as after a refresh.
    void catch_up(uint64_t sequence, const Snapshot& snapshot);

private:
    // `snapshot` has been through without_announced_removals.
    void apply(uint64_t sequence, const Snapshot& snapshot, const Attribution& who);
    // `listed` without the modules whose removal the kernel announced.
    Snapshot without_announced_removals(uint64_t sequence, const Snapshot& listed);
    // Reschedules a look while some module is coming or going.
    void settle(const Snapshot& snapshot);

    Scheduler& loop_;
    ReadOffLoop read_off_loop_;
    KernelPort& kernel_;
    SnapshotClock& clock_;
    ModuleLocks& locks_;
    Publish publish_;
    ModuleRegistry registry_;
    bool refresh_running_ = false;
    // A refresh asked for while one ran: one more, reading All if any asked for it.
    std::optional<ParameterReading> refresh_again_;
    bool refresh_after_operation_ = false;
    bool settle_scheduled_ = false;
    int settle_attempts_ = 0;
    // Each module whose removal the kernel announced, with the clock's number then (0 when
    // an operation held it, and nothing was announced for it).
    std::map<std::string, uint64_t> removed_by_kernel_;
};

} // namespace modmgr
