#pragma once
// The daemon's single event-loop thread: one sd_event that drives the sdbus-c++ connection
// (sdbus-c++ 1.2 has no sd-event integration, so its poll data is re-read before every
// poll), signals, and results posted back by worker threads. Every sdbus-c++ call happens
// on this thread: 1.2.0 is not safe for replies or calls from other threads.
#include <systemd/sd-event.h>

#include <chrono>
#include <deque>
#include <functional>
#include <list>
#include <mutex>

#include "runtime/scheduler.h"

namespace sdbus {
class IConnection;
}

namespace modmgr {

class EventLoop final : public Scheduler {
public:
    EventLoop();
    ~EventLoop() override;
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    // Dispatches the connection's traffic from this loop.
    void attach(sdbus::IConnection& connection);
    void post(std::function<void()> task) override;
    // Runs `task` on the loop thread every `period`, from now on.
    void every(std::chrono::microseconds period, std::function<void()> task);
    // A task still waiting when the loop is destroyed is dropped without running.
    void after(std::chrono::microseconds delay, std::function<void()> task) override;
    // Runs `task` on the loop thread each time the work that came back from workers settles:
    // once no posted task has run for `delay` since the last one did. One such task per loop.
    void when_quiet(std::chrono::microseconds delay, std::function<void()> task);
    // Runs until SIGTERM/SIGINT or exit(); returns the exit code.
    int run();
    void exit(int code);
    // After run() returned: runs what workers posted meanwhile, so results of work that
    // finished during shutdown still reach their callers.
    void run_posted();

    sd_event* event() const { return event_; }

private:
    static int on_bus_prepare(sd_event_source*, void* self);
    static int on_bus_io(sd_event_source*, int, uint32_t, void* self);
    static int on_bus_timer(sd_event_source*, uint64_t, void* self);
    static int on_posted(sd_event_source*, int, uint32_t, void* self);
    static int on_period(sd_event_source*, uint64_t, void* periodic);
    static int on_delay(sd_event_source*, uint64_t, void* self);
    static int on_quiet(sd_event_source*, uint64_t, void* self);
    void process_bus();

    sd_event* event_ = nullptr;
    sdbus::IConnection* connection_ = nullptr;
    sd_event_source* bus_io_ = nullptr;
    sd_event_source* bus_timer_ = nullptr;
    sd_event_source* posted_source_ = nullptr;
    int posted_fd_ = -1;
    std::mutex posted_mutex_;
    std::deque<std::function<void()>> posted_;

    struct Periodic {
        std::chrono::microseconds period;
        std::function<void()> task;
        sd_event_source* source = nullptr;
    };
    std::list<Periodic> periodic_;

    struct Delayed {
        std::function<void()> task;
        sd_event_source* source = nullptr;
    };
    std::list<Delayed> delayed_;

    std::chrono::microseconds quiet_delay_{0};
    std::function<void()> quiet_task_;
    sd_event_source* quiet_source_ = nullptr;
};

} // namespace modmgr
