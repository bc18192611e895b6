#include "worker_hand_off.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include "kernel/read_at_once.h"
#include "kernel/settled_read.h"

namespace modmgr::bench {

WorkerHandOff::WorkerHandOff(sd_event* event, std::string kernel_state, Reply reply)
    : kernel_state_(std::move(kernel_state)), reply_(std::move(reply)) {
    done_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (done_fd_ < 0)
        throw std::runtime_error(std::string("eventfd: ") + std::strerror(errno));
    const int r = sd_event_add_io(event, &done_source_, done_fd_, EPOLLIN, on_done, this);
    if (r < 0) {
        ::close(done_fd_);
        throw std::runtime_error(std::string("sd_event_add_io: ") + std::strerror(-r));
    }
    // Each worker: takes a call, reads the kernel's state, hands the call back.
    for (size_t i = 0; i < kWorkers; ++i)
        workers_.emplace_back([this] { work(); });
}

WorkerHandOff::~WorkerHandOff() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& worker : workers_)
        worker.join();
    for (const Job& job : queued_)
        sd_bus_message_unref(job.call);
    for (const Job& job : done_)
        sd_bus_message_unref(job.call);
    sd_event_source_disable_unref(done_source_);
    ::close(done_fd_);
}

void WorkerHandOff::submit(sd_bus_message* call, const void* tag) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        queued_.push_back({sd_bus_message_ref(call), tag});
    }
    wake_.notify_one();
}

void WorkerHandOff::work() {
    std::string last_reading;
    for (;;) {
        Job job;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queued_.empty(); });
            if (stopping_)
                return;
            job = queued_.front();
            queued_.pop_front();
        }
        // As SimulatedState::read: the text, then a comparison with the last one.
        std::string reading =
            read_settled(kernel_state_, kProcModulesReadSize).value_or(std::string());
        if (reading != last_reading)
            last_reading = std::move(reading);
        bool was_empty;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            was_empty = done_.empty();
            done_.push_back(job);
        }
        if (was_empty) {
            const uint64_t one = 1;
            [[maybe_unused]] ssize_t n = ::write(done_fd_, &one, sizeof one);
        }
    }
}

int WorkerHandOff::on_done(sd_event_source*, int fd, uint32_t, void* self) {
    auto* hand_off = static_cast<WorkerHandOff*>(self);
    uint64_t count;
    // Before the swap, as EventLoop::on_posted.
    [[maybe_unused]] ssize_t n = ::read(fd, &count, sizeof count);
    std::deque<Job> done;
    {
        std::lock_guard<std::mutex> lock(hand_off->mutex_);
        done.swap(hand_off->done_);
    }
    for (const Job& job : done) {
        hand_off->reply_(job.call, job.tag);
        sd_bus_message_unref(job.call);
    }
    return 0;
}

} // namespace modmgr::bench
