#pragma once
// Threads that do the blocking kernel work (libkmod lookups, init_module, sysfs reads) so the
// event loop never waits. Each thread owns its ModuleService and with it its own libkmod
// context, because libkmod is not thread-safe. Results go back through EventLoop::post.
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kernel_port.h"
#include "kmod_context.h"
#include "module_service.h"

namespace modmgr {

class WorkerPool {
public:
    using Job = std::function<void(ModuleService&)>;

    // `name` appears in logs; `threads` workers share `kernel` (KernelPort is thread-safe).
    WorkerPool(std::string name, size_t threads, const KmodSettings& settings, KernelPort& kernel);
    ~WorkerPool(); // finishes queued jobs, then joins
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // Thread-safe. Jobs must not throw (wrap their work; see DeferredCall).
    void submit(Job job);

private:
    void run(size_t index);

    std::string name_;
    KmodSettings settings_;
    KernelPort& kernel_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job> jobs_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

} // namespace modmgr
