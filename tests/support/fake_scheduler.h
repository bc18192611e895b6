#pragma once
// A Scheduler driven by hand, with a clock of its own: posted tasks wait for run_posted(),
// delayed ones for advance() to reach their time. Every delay asked for is kept in `delays`.
// post() may be called from any thread, like EventLoop's; the rest on the test's thread.
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <vector>

#include "runtime/scheduler.h"

namespace modmgr {

class FakeScheduler final : public Scheduler {
public:
    std::vector<std::chrono::microseconds> delays;

    void post(std::function<void()> task) override {
        std::lock_guard<std::mutex> lock(mutex_);
        posted_.push_back(std::move(task));
    }
    void after(std::chrono::microseconds delay, std::function<void()> task) override {
        delays.push_back(delay);
        timers_.emplace(now_ + delay, std::move(task));
    }

    // Runs the posted tasks, and those they post, in order; returns how many ran.
    int run_posted() {
        int ran = 0;
        for (;;) {
            std::function<void()> task;
            {
                std::lock_guard<std::mutex> lock(mutex_);
                if (posted_.empty())
                    return ran;
                task = std::move(posted_.front());
                posted_.pop_front();
            }
            task();
            ++ran;
        }
    }
    // Moves the clock on by `by`, running each timer that falls due at its time.
    void advance(std::chrono::microseconds by) {
        const auto until = now_ + by;
        while (!timers_.empty() && timers_.begin()->first <= until) {
            auto due = timers_.begin();
            now_ = due->first;
            auto task = std::move(due->second);
            timers_.erase(due);
            task();
        }
        now_ = until;
    }
    size_t timers() const { return timers_.size(); }

private:
    std::mutex mutex_;
    std::deque<std::function<void()>> posted_;
    std::chrono::microseconds now_{0};
    std::multimap<std::chrono::microseconds, std::function<void()>> timers_;
};

} // namespace modmgr
