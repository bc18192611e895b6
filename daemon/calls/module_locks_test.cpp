#include "calls/module_locks.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

using namespace modmgr;
using namespace std::chrono_literals;

TEST(ModuleLocks, OverlappingSetsWaitForEachOther) {
    ModuleLocks locks;
    std::atomic<bool> second_entered{false};
    std::thread second;
    {
        ModuleLocks::Guard held(locks, {"vxlan", "udp_tunnel"});
        second = std::thread([&] {
            ModuleLocks::Guard guard(locks, {"udp_tunnel"});
            second_entered = true;
        });
        std::this_thread::sleep_for(100ms);
        EXPECT_FALSE(second_entered) << "udp_tunnel was taken twice";
    }
    second.join();
    EXPECT_TRUE(second_entered);
}

TEST(ModuleLocks, DisjointSetsDoNotWait) {
    ModuleLocks locks;
    ModuleLocks::Guard held(locks, {"vxlan", "udp_tunnel"});
    std::atomic<bool> entered{false};
    std::thread other([&] {
        ModuleLocks::Guard guard(locks, {"dummy"});
        entered = true;
    });
    other.join();
    EXPECT_TRUE(entered);
}

TEST(ModuleLocks, CrossedOrdersNeverDeadlock) {
    ModuleLocks locks;
    std::atomic<int> done{0};
    auto worker = [&](std::vector<std::string> names) {
        for (int i = 0; i < 2000; ++i) {
            ModuleLocks::Guard guard(locks, {names.begin(), names.end()});
        }
        ++done;
    };
    std::thread a(worker, std::vector<std::string>{"a", "b"});
    std::thread b(worker, std::vector<std::string>{"b", "a"});
    std::thread c(worker, std::vector<std::string>{"a"});
    a.join();
    b.join();
    c.join();
    EXPECT_EQ(done, 3);
}

TEST(ModuleLocks, HeldTellsWhatAnOperationIsWorkingOn) {
    ModuleLocks locks;
    {
        ModuleLocks::Guard guard(locks, {"vxlan", "udp_tunnel"});
        EXPECT_TRUE(locks.held("udp_tunnel"));
        EXPECT_FALSE(locks.held("dummy"));
    }
    EXPECT_FALSE(locks.held("udp_tunnel"));
}

TEST(ModuleLocks, AnOperationAwaitingItsAnnouncementCountsAsHeldButBlocksNoOne) {
    ModuleLocks locks;
    std::optional<ModuleLocks::Announcing> first;
    std::optional<ModuleLocks::Announcing> second;
    {
        ModuleLocks::Guard guard(locks, {"vxlan", "udp_tunnel"});
        first.emplace(guard);
    }
    EXPECT_TRUE(locks.held("vxlan"));
    {
        // Taken at once: an announcement still queued on the loop keeps nobody waiting.
        ModuleLocks::Guard guard(locks, {"udp_tunnel"});
        second.emplace(guard);
    }
    first.reset();
    EXPECT_FALSE(locks.held("vxlan"));
    EXPECT_TRUE(locks.held("udp_tunnel"));
    second.reset();
    EXPECT_FALSE(locks.held("udp_tunnel"));
}
