#include "state/module_registry.h"

#include "support/live_module_for_test.h"

#include <gtest/gtest.h>

using namespace modmgr;

namespace {

struct RecordingObserver : RegistryObserver {
    std::vector<std::string> events;
    void module_added(const LoadedModule& m) override { events.push_back("+" + m.name); }
    void module_removed(const LoadedModule& m) override { events.push_back("-" + m.name); }
    void module_changed(const LoadedModule&, const LoadedModule& m) override {
        events.push_back("~" + m.name);
    }
};

} // namespace

TEST(ModuleRegistry, AddedModulesAreAnnouncedInInsertionOrder) {
    RecordingObserver observer;
    ModuleRegistry registry(observer);
    // /proc/modules lists the newest first.
    registry.apply(1, {live_module("vxlan"), live_module("ip6_udp_tunnel", {"vxlan"}),
                       live_module("udp_tunnel", {"vxlan"})});
    EXPECT_EQ(observer.events,
              (std::vector<std::string>{"+udp_tunnel", "+ip6_udp_tunnel", "+vxlan"}));
}

TEST(ModuleRegistry, RemovalsAndChangesAreAnnouncedOnce) {
    RecordingObserver observer;
    ModuleRegistry registry(observer);
    registry.apply(1, {live_module("vxlan"), live_module("udp_tunnel", {"vxlan"}), live_module("dummy")});
    observer.events.clear();
    registry.apply(2, {live_module("udp_tunnel"), live_module("dummy")});
    EXPECT_EQ(observer.events, (std::vector<std::string>{"-vxlan", "~udp_tunnel"}));
    observer.events.clear();
    registry.apply(3, {live_module("udp_tunnel"), live_module("dummy")});
    EXPECT_TRUE(observer.events.empty()) << "an identical snapshot announced something";
}

TEST(ModuleRegistry, AnOlderSnapshotArrivingLateIsIgnored) {
    RecordingObserver observer;
    ModuleRegistry registry(observer);
    registry.apply(5, {live_module("dummy")});
    registry.apply(4, {});
    EXPECT_EQ(observer.events, (std::vector<std::string>{"+dummy"}));
    ASSERT_EQ(registry.current().size(), 1u);
}

TEST(ModuleRegistry, ParameterChangesCount) {
    RecordingObserver observer;
    ModuleRegistry registry(observer);
    auto before = live_module("dummy");
    auto after = before;
    after.parameters["numdummies"] = "3";
    registry.apply(1, {before});
    registry.apply(2, {after});
    EXPECT_EQ(observer.events, (std::vector<std::string>{"+dummy", "~dummy"}));
}

namespace {

struct CountingKernel : KernelPort {
    int reads = 0;
    Snapshot snapshot() override {
        ++reads;
        return {};
    }
    int insert(kmod_module*, const std::string&) override { return 0; }
    int remove(const std::string&) override { return 0; }
};

} // namespace

TEST(SnapshotClock, NumbersFollowTheOrderOfReads) {
    CountingKernel kernel;
    SnapshotClock clock;
    auto first = clock.take(kernel).first;
    auto second = clock.take(kernel).first;
    EXPECT_LT(first, second);
    EXPECT_EQ(kernel.reads, 2);
}
