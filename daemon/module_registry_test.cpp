#include "module_registry.h"

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

LoadedModule module(const std::string& name, int32_t refcount = 0,
                    std::vector<std::string> holders = {}) {
    LoadedModule m;
    m.name = name;
    m.size = 4096;
    m.refcount = refcount;
    m.holders = std::move(holders);
    m.state = "live";
    return m;
}

} // namespace

TEST(ModuleRegistry, AddedModulesAreAnnouncedInInsertionOrder) {
    RecordingObserver observer;
    ModuleRegistry registry(observer);
    // /proc/modules lists the newest first.
    registry.apply(1, {module("vxlan"), module("ip6_udp_tunnel", 1, {"vxlan"}),
                       module("udp_tunnel", 1, {"vxlan"})});
    EXPECT_EQ(observer.events,
              (std::vector<std::string>{"+udp_tunnel", "+ip6_udp_tunnel", "+vxlan"}));
}

TEST(ModuleRegistry, RemovalsAndChangesAreAnnouncedOnce) {
    RecordingObserver observer;
    ModuleRegistry registry(observer);
    registry.apply(1, {module("vxlan"), module("udp_tunnel", 1, {"vxlan"}), module("dummy")});
    observer.events.clear();
    registry.apply(2, {module("udp_tunnel", 0), module("dummy")});
    EXPECT_EQ(observer.events, (std::vector<std::string>{"-vxlan", "~udp_tunnel"}));
    observer.events.clear();
    registry.apply(3, {module("udp_tunnel", 0), module("dummy")});
    EXPECT_TRUE(observer.events.empty()) << "an identical snapshot announced something";
}

TEST(ModuleRegistry, AnOlderSnapshotArrivingLateIsIgnored) {
    RecordingObserver observer;
    ModuleRegistry registry(observer);
    registry.apply(5, {module("dummy")});
    registry.apply(4, {});
    EXPECT_EQ(observer.events, (std::vector<std::string>{"+dummy"}));
    ASSERT_EQ(registry.current().size(), 1u);
}

TEST(ModuleRegistry, ParameterChangesCount) {
    RecordingObserver observer;
    ModuleRegistry registry(observer);
    auto before = module("dummy");
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
