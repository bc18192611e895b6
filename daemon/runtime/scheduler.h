#pragma once
// What the loop-thread parts of modmgrd (KernelReconciler, ConfigurationState) need of the
// event loop: to run something on the loop thread, now or later. EventLoop is the real one;
// unit tests drive a fake one by hand, with a clock of their own (tests/support).
#include <chrono>
#include <functional>

namespace modmgr {

class Scheduler {
public:
    virtual ~Scheduler() = default;
    // Thread-safe: runs `task` on the loop thread soon. Workers report results this way.
    virtual void post(std::function<void()> task) = 0;
    // Runs `task` once on the loop thread after `delay`.
    virtual void after(std::chrono::microseconds delay, std::function<void()> task) = 0;
};

} // namespace modmgr
