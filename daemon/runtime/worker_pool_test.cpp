#include "runtime/worker_pool.h"

#include <dirent.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "support/simulated_kernel.h"

using namespace modmgr;
using namespace std::chrono_literals;

namespace {

size_t threads_of_this_process() {
    size_t count = 0;
    DIR* tasks = opendir("/proc/self/task");
    while (const dirent* entry = readdir(tasks))
        count += entry->d_name[0] != '.';
    closedir(tasks);
    return count;
}

// Jobs that wait until the test opens the gate, counting how many run at once.
struct Gate {
    std::mutex mutex;
    std::condition_variable changed;
    bool open = false;
    int running = 0;
    int most = 0;

    WorkerPool::Job job() {
        return [this](ModuleService&) {
            std::unique_lock<std::mutex> lock(mutex);
            most = std::max(most, ++running);
            changed.notify_all();
            changed.wait(lock, [this] { return open; });
            --running;
            changed.notify_all();
        };
    }
    bool wait_running(int n) {
        std::unique_lock<std::mutex> lock(mutex);
        return changed.wait_for(lock, 10s, [&] { return running == n; });
    }
    void release() {
        std::lock_guard<std::mutex> lock(mutex);
        open = true;
        changed.notify_all();
    }
};

} // namespace

TEST(WorkerPool, StartsAThreadOnlyForAJobNoWaitingThreadCanTake) {
    SimulatedKernel kernel;
    const size_t before = threads_of_this_process();
    Gate gate;
    {
        WorkerPool pool("test", 3, KmodSettings{}, kernel);
        EXPECT_EQ(threads_of_this_process(), before) << "an idle pool started threads";
        pool.submit(1, gate.job());
        pool.submit(2, gate.job());
        ASSERT_TRUE(gate.wait_running(2)) << "two jobs did not run side by side";
        EXPECT_EQ(threads_of_this_process(), before + 2);
        pool.submit(3, gate.job());
        pool.submit(4, gate.job()); // beyond the pool's three threads: waits
        ASSERT_TRUE(gate.wait_running(3));
        EXPECT_EQ(threads_of_this_process(), before + 3);
        gate.release();
        ASSERT_TRUE(gate.wait_running(0));
    }
    EXPECT_EQ(gate.most, 3);
    EXPECT_EQ(threads_of_this_process(), before);
}

TEST(WorkerPool, AWaitingThreadTakesTheNextJob) {
    SimulatedKernel kernel;
    const size_t before = threads_of_this_process();
    WorkerPool pool("test", 3, KmodSettings{}, kernel);
    for (int i = 0; i < 20; ++i) {
        std::atomic<bool> done{false};
        pool.submit(1, [&done](ModuleService&) { done = true; });
        while (!done)
            std::this_thread::sleep_for(1ms);
        std::this_thread::sleep_for(1ms); // back to waiting
    }
    EXPECT_EQ(threads_of_this_process(), before + 1) << "jobs one at a time needed more than one thread";
}
