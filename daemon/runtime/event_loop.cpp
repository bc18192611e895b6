#include "runtime/event_loop.h"

#include <sdbus-c++/IConnection.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <string>

namespace modmgr {

namespace {

void check(int r, const char* what) {
    if (r < 0)
        throw std::runtime_error(std::string(what) + ": " + std::strerror(-r));
}

} // namespace

EventLoop::EventLoop() {
    check(sd_event_new(&event_), "sd_event_new");
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    // Signals must be blocked before any worker thread starts so only the loop sees them.
    pthread_sigmask(SIG_BLOCK, &mask, nullptr);
    check(sd_event_add_signal(event_, nullptr, SIGTERM, nullptr, nullptr), "add SIGTERM");
    check(sd_event_add_signal(event_, nullptr, SIGINT, nullptr, nullptr), "add SIGINT");

    posted_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (posted_fd_ < 0)
        throw std::runtime_error(std::string("eventfd: ") + std::strerror(errno));
    check(sd_event_add_io(event_, &posted_source_, posted_fd_, EPOLLIN, on_posted, this),
          "add eventfd");
    // Under systemd with WatchdogSec=, sd-event sends WATCHDOG=1 from this loop itself: a
    // loop that stops turning stops the pings, and systemd restarts the service.
    check(sd_event_set_watchdog(event_, 1), "enable watchdog");
}

EventLoop::~EventLoop() {
    for (auto& p : periodic_)
        sd_event_source_disable_unref(p.source);
    for (auto& d : delayed_)
        sd_event_source_disable_unref(d.source);
    sd_event_source_disable_unref(quiet_source_);
    sd_event_source_disable_unref(bus_io_);
    sd_event_source_disable_unref(bus_timer_);
    sd_event_source_disable_unref(posted_source_);
    if (posted_fd_ >= 0)
        close(posted_fd_);
    sd_event_unref(event_);
}

void EventLoop::attach(sdbus::IConnection& connection) {
    connection_ = &connection;
    auto poll = connection.getEventLoopPollData();
    check(sd_event_add_io(event_, &bus_io_, poll.fd, poll.events, on_bus_io, this), "add bus io");
    // Before each poll the connection may want POLLOUT or a new timeout (e.g. after a
    // synchronous call drained the socket): re-read its poll data every time.
    check(sd_event_source_set_prepare(bus_io_, on_bus_prepare), "set bus prepare");
    check(sd_event_add_time(event_, &bus_timer_, CLOCK_MONOTONIC, UINT64_MAX, 0, on_bus_timer,
                            this),
          "add bus timer");
}

int EventLoop::on_bus_prepare(sd_event_source*, void* self) {
    auto* loop = static_cast<EventLoop*>(self);
    auto poll = loop->connection_->getEventLoopPollData();
    sd_event_source_set_io_events(loop->bus_io_, poll.events);
    sd_event_source_set_time(loop->bus_timer_, poll.timeout_usec);
    sd_event_source_set_enabled(loop->bus_timer_, SD_EVENT_ONESHOT);
    return 0;
}

int EventLoop::on_bus_io(sd_event_source*, int, uint32_t, void* self) {
    static_cast<EventLoop*>(self)->process_bus();
    return 0;
}

int EventLoop::on_bus_timer(sd_event_source*, uint64_t, void* self) {
    static_cast<EventLoop*>(self)->process_bus();
    return 0;
}

void EventLoop::process_bus() {
    try {
        while (connection_->processPendingRequest()) {
        }
    } catch (const std::exception& e) {
        // A broken connection cannot be repaired from here; let systemd restart us.
        spdlog::critical("D-Bus connection failed: {}", e.what());
        exit(1);
    }
}

void EventLoop::post(std::function<void()> task) {
    bool was_empty;
    {
        std::lock_guard<std::mutex> lock(posted_mutex_);
        was_empty = posted_.empty();
        posted_.push_back(std::move(task));
    }
    // Only the first task of a batch wakes the loop: the others are swapped out with it.
    // That needs on_posted to read the eventfd before it swaps; a task pushed after the swap
    // finds the queue empty and writes again. A write per task cost a system call each under
    // load, most of them to a loop that was awake already.
    if (!was_empty)
        return;
    uint64_t one = 1;
    // Cannot fail short of a closed fd: the counter saturates far beyond any backlog.
    [[maybe_unused]] ssize_t n = write(posted_fd_, &one, sizeof one);
}

int EventLoop::on_posted(sd_event_source*, int fd, uint32_t, void* self) {
    auto* loop = static_cast<EventLoop*>(self);
    uint64_t count;
    // Before run_posted's swap (see post).
    [[maybe_unused]] ssize_t n = read(fd, &count, sizeof count);
    loop->run_posted();
    return 0;
}

void EventLoop::run_posted() {
    std::deque<std::function<void()>> tasks;
    {
        std::lock_guard<std::mutex> lock(posted_mutex_);
        tasks.swap(posted_);
    }
    for (auto& task : tasks) {
        try {
            task();
        } catch (const std::exception& e) {
            spdlog::error("internal error in a posted task: {}", e.what());
        }
    }
    // Each batch pushes the quiet task's deadline back: it runs once a burst is over.
    if (!tasks.empty() && quiet_source_) {
        // steady_clock is CLOCK_MONOTONIC; read after the tasks ran, not at the loop's wake-up.
        const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
            std::chrono::steady_clock::now().time_since_epoch());
        sd_event_source_set_time(quiet_source_, (now + quiet_delay_).count());
        sd_event_source_set_enabled(quiet_source_, SD_EVENT_ONESHOT);
    }
}

void EventLoop::when_quiet(std::chrono::microseconds delay, std::function<void()> task) {
    if (quiet_source_)
        throw std::logic_error("EventLoop::when_quiet: one quiet task per loop");
    quiet_delay_ = delay;
    quiet_task_ = std::move(task);
    check(sd_event_add_time(event_, &quiet_source_, CLOCK_MONOTONIC, UINT64_MAX, 1, on_quiet, this),
          "add quiet timer");
    sd_event_source_set_enabled(quiet_source_, SD_EVENT_OFF);
}

int EventLoop::on_quiet(sd_event_source*, uint64_t, void* self) {
    try {
        static_cast<EventLoop*>(self)->quiet_task_();
    } catch (const std::exception& e) {
        spdlog::error("internal error in the quiet task: {}", e.what());
    }
    return 0;
}

void EventLoop::every(std::chrono::microseconds period, std::function<void()> task) {
    periodic_.push_back({period, std::move(task)});
    Periodic& p = periodic_.back();
    check(sd_event_add_time_relative(event_, &p.source, CLOCK_MONOTONIC, period.count(), 0,
                                     on_period, &p),
          "add periodic timer");
    sd_event_source_set_enabled(p.source, SD_EVENT_ON);
}

int EventLoop::on_period(sd_event_source* source, uint64_t now, void* periodic) {
    auto* p = static_cast<Periodic*>(periodic);
    sd_event_source_set_time(source, now + p->period.count());
    sd_event_source_set_enabled(source, SD_EVENT_ON);
    try {
        p->task();
    } catch (const std::exception& e) {
        spdlog::error("internal error in a periodic task: {}", e.what());
    }
    return 0;
}

void EventLoop::after(std::chrono::microseconds delay, std::function<void()> task) {
    delayed_.push_back({std::move(task)});
    Delayed& d = delayed_.back();
    // Accuracy 1 us: sd-event's default (0 = 250 ms) would let it coalesce a 20 ms settle
    // delay into a quarter-second wait.
    const int r = sd_event_add_time_relative(event_, &d.source, CLOCK_MONOTONIC, delay.count(), 1,
                                             on_delay, this);
    if (r < 0) {
        delayed_.pop_back();
        check(r, "add one-shot timer");
    }
}

int EventLoop::on_delay(sd_event_source* source, uint64_t, void* self) {
    auto* loop = static_cast<EventLoop*>(self);
    auto it = std::find_if(loop->delayed_.begin(), loop->delayed_.end(),
                           [source](const Delayed& d) { return d.source == source; });
    // Taken out before it runs: the task may schedule further one-shots.
    std::function<void()> task = std::move(it->task);
    loop->delayed_.erase(it);
    sd_event_source_unref(source);
    try {
        task();
    } catch (const std::exception& e) {
        spdlog::error("internal error in a delayed task: {}", e.what());
    }
    return 0;
}

int EventLoop::run() { return sd_event_loop(event_); }

void EventLoop::exit(int code) { sd_event_exit(event_, code); }

} // namespace modmgr
