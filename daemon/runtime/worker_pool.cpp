#include "runtime/worker_pool.h"

#include <spdlog/spdlog.h>

#include <system_error>

namespace modmgr {

WorkerPool::WorkerPool(std::string name, size_t threads, const KmodSettings& settings,
                       KernelPort& kernel, OperationRecords* records)
    : name_(std::move(name)), max_threads_(threads), settings_(settings), kernel_(kernel),
      records_(records) {}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
        jobs_ = {};
    }
    wake_.notify_all();
    for (auto& t : threads_)
        t.join();
}

void WorkerPool::submit(int64_t user, Job job) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        jobs_.push(user, std::move(job));
        // A thread is started only for a job no waiting thread can take: an idle daemon
        // holds no thread, stack, arena or libkmod context it has not needed yet.
        if (jobs_.size() > idle_ && threads_.size() < max_threads_) {
            try {
                threads_.emplace_back([this] { run(); });
            } catch (const std::system_error& e) {
                // The threads already there take the job in turn.
                spdlog::error("{} workers: cannot start another thread: {}", name_, e.what());
                if (threads_.empty())
                    throw;
            }
        }
    }
    wake_.notify_one();
}

void WorkerPool::run() {
    // Made on this thread and used only here: one libkmod context per thread (itself made
    // when a job first needs it).
    KmodContext kmod(settings_);
    ModuleService service(kmod, kernel_, records_);
    for (;;) {
        Job job;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            ++idle_;
            wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            --idle_;
            if (stopping_)
                return;
            job = std::move(jobs_.pop()->second);
        }
        job(service);
    }
}

} // namespace modmgr
