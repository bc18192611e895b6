#pragma once
// Threads that do the blocking work (libkmod lookups, init_module, /proc and sysfs reads,
// configuration files, a caller's module file) so the event loop never waits. Each thread
// owns its ModuleService and with it its own libkmod context, because libkmod is not
// thread-safe. Results go back through EventLoop::post.
// Jobs wait in a FairQueue keyed by the user they are for, so one user's backlog delays
// another user's job by at most one job per waiting user. The queue's length is bounded by
// the calls CallAdmission lets in, plus the daemon's own jobs: one kernel refresh at a time
// (KernelReconciler folds the others into it), one configuration rescan per ConfigMonitor
// notice (at most one per kConfigSettleDelay) and, on the device worker, one job per device
// uevent, which only the kernel sends, at the rate hardware comes and goes.
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "calls/fair_queue.h"
#include "kernel/kernel_port.h"
#include "lookup/kmod_context.h"
#include "module_service.h"

namespace modmgr {

class WorkerPool {
public:
    using Job = std::function<void(ModuleService&)>;

    // `name` appears in logs; up to `threads` workers, started as jobs need them, share
    // `kernel` (KernelPort is thread-safe) and `records` (may be null).
    WorkerPool(std::string name, size_t threads, const KmodSettings& settings, KernelPort& kernel,
               OperationRecords* records = nullptr);
    // Finishes the jobs that are running and drops the ones still queued (the daemon is
    // stopping: their callers are told so), then joins.
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // Jobs the daemon does for itself rather than for a caller.
    static constexpr int64_t kDaemonJobs = -1;

    // Thread-safe. `user` is the uid the job is for (kDaemonJobs for the daemon's own).
    // Jobs must not throw, and must not hold the last reference to anything that has to be
    // destroyed on the loop thread (see CallPipeline).
    void submit(int64_t user, Job job);

private:
    void run();

    std::string name_;
    size_t max_threads_;
    KmodSettings settings_;
    KernelPort& kernel_;
    OperationRecords* records_;
    std::mutex mutex_;
    std::condition_variable wake_;
    FairQueue<int64_t, Job> jobs_;
    bool stopping_ = false;
    size_t idle_ = 0; // threads waiting for a job
    std::vector<std::thread> threads_;
};

} // namespace modmgr
