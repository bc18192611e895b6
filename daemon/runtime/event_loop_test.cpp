#include "runtime/event_loop.h"

#include <gtest/gtest.h>

#include <memory>
#include <thread>
#include <vector>

namespace modmgr {
namespace {

using namespace std::chrono_literals;

TEST(EventLoopTest, OneShotsRunOnceInOrderOfTheirDelay) {
    EventLoop loop;
    std::vector<int> ran;
    loop.after(20ms, [&] { ran.push_back(2); loop.exit(0); });
    loop.after(1ms, [&] {
        ran.push_back(1);
        // A one-shot may schedule the next one.
        loop.after(1ms, [&] { ran.push_back(11); });
    });
    EXPECT_EQ(loop.run(), 0);
    EXPECT_EQ(ran, (std::vector<int>{1, 11, 2}));
}

TEST(EventLoopTest, OneShotStillPendingAtDestructionIsDroppedWithoutRunning) {
    auto witness = std::make_shared<int>(0);
    {
        EventLoop loop;
        loop.after(1h, [witness] { ++*witness; });
        loop.after(1ms, [&loop] { loop.exit(0); });
        loop.run();
        EXPECT_EQ(witness.use_count(), 2);
    }
    EXPECT_EQ(*witness, 0);
    EXPECT_EQ(witness.use_count(), 1);
}

TEST(EventLoopTest, TasksPostedAfterTheLoopStoppedRunOnRequest) {
    EventLoop loop;
    loop.after(1ms, [&loop] { loop.exit(0); });
    loop.run();
    int ran = 0;
    std::thread worker([&] { loop.post([&ran] { ++ran; }); });
    worker.join();
    EXPECT_EQ(ran, 0);
    loop.run_posted();
    EXPECT_EQ(ran, 1);
}

// post() wakes the loop only for the first task of a batch: no task may be left waiting for a
// wake-up that never comes, however the posts and the loop's swaps interleave.
TEST(EventLoopTest, EveryTaskPostedFromManyThreadsRunsWithoutAnotherWakeUp) {
    constexpr int kThreads = 4, kTasks = 20000;
    EventLoop loop;
    int ran = 0;
    loop.after(20s, [&loop] { loop.exit(1); });
    std::vector<std::thread> workers;
    for (int t = 0; t < kThreads; ++t)
        workers.emplace_back([&] {
            for (int i = 0; i < kTasks; ++i)
                loop.post([&] {
                    if (++ran == kThreads * kTasks)
                        loop.exit(0);
                });
        });
    EXPECT_EQ(loop.run(), 0);
    for (auto& w : workers)
        w.join();
    EXPECT_EQ(ran, kThreads * kTasks);
}

TEST(EventLoopTest, QuietTaskRunsOnceAfterABurstOfPostedWorkAndNotWithoutOne) {
    using Clock = std::chrono::steady_clock;
    EventLoop loop;
    std::vector<Clock::time_point> worked, quiet;
    loop.when_quiet(300ms, [&] { quiet.push_back(Clock::now()); });
    // Nothing posted yet: a quiet loop has nothing to settle.
    loop.after(400ms, [&] {
        EXPECT_TRUE(quiet.empty());
        // A burst from a worker: one task, and a second one 10 ms later that pushes the quiet
        // task back.
        std::thread([&] { loop.post([&] { worked.push_back(Clock::now()); }); }).join();
        loop.after(10ms, [&] {
            std::thread([&] { loop.post([&] { worked.push_back(Clock::now()); }); }).join();
        });
    });
    loop.after(1500ms, [&] { loop.exit(0); });
    loop.run();
    ASSERT_EQ(worked.size(), 2u);
    ASSERT_EQ(quiet.size(), 1u);
    EXPECT_GE(quiet[0] - worked[1], 300ms);
}

} // namespace
} // namespace modmgr
