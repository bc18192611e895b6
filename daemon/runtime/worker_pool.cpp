#include "runtime/worker_pool.h"

#include <spdlog/spdlog.h>

namespace modmgr {

WorkerPool::WorkerPool(std::string name, size_t threads, const KmodSettings& settings,
                       KernelPort& kernel, OperationRecords* records)
    : name_(std::move(name)), settings_(settings), kernel_(kernel), records_(records) {
    for (size_t i = 0; i < threads; ++i)
        threads_.emplace_back([this, i] { run(i); });
}

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
    }
    wake_.notify_one();
}

void WorkerPool::run(size_t index) {
    // Created on this thread and used only here: one libkmod context per thread.
    std::unique_ptr<KmodContext> kmod;
    std::unique_ptr<ModuleService> service;
    try {
        kmod = std::make_unique<KmodContext>(settings_);
        service = std::make_unique<ModuleService>(*kmod, kernel_, records_);
    } catch (const std::exception& e) {
        spdlog::critical("{} worker {}: cannot open the module indexes: {}", name_, index, e.what());
        std::terminate();
    }
    for (;;) {
        Job job;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (stopping_)
                return;
            job = std::move(jobs_.pop()->second);
        }
        job(*service);
    }
}

} // namespace modmgr
