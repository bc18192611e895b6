#include "state/module_registry.h"

#include "support/live_module_for_test.h"
#include "support/simulated_kernel.h"

#include <gtest/gtest.h>

using namespace modmgr;

using Names = std::vector<std::string>;

TEST(ModuleRegistry, AddedModulesComeInInsertionOrder) {
    ModuleRegistry registry;
    // /proc/modules lists the newest first.
    const auto changes = registry.apply(1, {live_module("vxlan"), live_module("ip6_udp_tunnel", {"vxlan"}),
                                            live_module("udp_tunnel", {"vxlan"})});
    EXPECT_EQ(module_names(changes.added), (Names{"udp_tunnel", "ip6_udp_tunnel", "vxlan"}));
    EXPECT_TRUE(changes.removed.empty());
    EXPECT_TRUE(changes.changed.empty());
}

TEST(ModuleRegistry, RemovalsAndChangesComeOnce) {
    ModuleRegistry registry;
    registry.apply(1, {live_module("vxlan"), live_module("udp_tunnel", {"vxlan"}), live_module("dummy")});
    const auto changes = registry.apply(2, {live_module("udp_tunnel"), live_module("dummy")});
    EXPECT_EQ(module_names(changes.removed), Names{"vxlan"});
    EXPECT_EQ(module_names(changes.changed), Names{"udp_tunnel"});
    EXPECT_TRUE(changes.changed[0].holders.empty()) << "a change carries the module as it is now";
    EXPECT_TRUE(changes.added.empty());
    EXPECT_TRUE(registry.apply(3, {live_module("udp_tunnel"), live_module("dummy")}).empty())
        << "an identical snapshot changed something";
}

TEST(ModuleRegistry, RemovalsComeInTheOrderThePreviousSnapshotListedThem) {
    ModuleRegistry registry;
    registry.apply(1, {live_module("vxlan"), live_module("ip6_udp_tunnel", {"vxlan"}),
                       live_module("udp_tunnel", {"vxlan"})});
    EXPECT_EQ(module_names(registry.apply(2, {}).removed), (Names{"vxlan", "ip6_udp_tunnel", "udp_tunnel"}));
}

TEST(ModuleRegistry, AnOlderSnapshotArrivingLateIsIgnored) {
    ModuleRegistry registry;
    EXPECT_EQ(module_names(registry.apply(5, {live_module("dummy")}).added), Names{"dummy"});
    EXPECT_TRUE(registry.apply(4, {}).empty());
    ASSERT_EQ(registry.current().size(), 1u);
}

TEST(ModuleRegistry, ParameterChangesCount) {
    ModuleRegistry registry;
    auto before = live_module("dummy");
    auto after = before;
    after.parameters["numdummies"] = "3";
    registry.apply(1, {before});
    const auto changes = registry.apply(2, {after});
    ASSERT_EQ(module_names(changes.changed), Names{"dummy"});
    EXPECT_EQ(changes.changed[0].parameters.at("numdummies"), "3");
}

namespace {

struct CountingKernel : KernelPort {
    int reads = 0;
    Snapshot snapshot() override {
        ++reads;
        return {};
    }
    std::optional<LoadedModule> module(const std::string&) override {
        ++reads;
        return std::nullopt;
    }
    std::map<std::string, std::string> parameters(const std::string&) override { return {}; }
    int insert(kmod_module*, const std::string&) override { return 0; }
    int remove(const std::string&) override { return 0; }
    KernelStatus status() override { return {}; }
    std::string sysfs_root() override { return {}; }
};

} // namespace

TEST(SnapshotClock, NumbersFollowTheOrderOfReads) {
    CountingKernel kernel;
    SnapshotClock clock;
    auto first = clock.take(kernel, ParameterReading::All).first;
    auto second = clock.take(kernel, ParameterReading::All).first;
    EXPECT_LT(first, second);
    EXPECT_EQ(kernel.reads, 2);
}

TEST(SnapshotClock, NewReadsTheParametersOfNewModulesOnly) {
    SimulatedKernel kernel;
    kernel.add({"dummy", {}, 0, {{"numdummies", "1"}}});
    SnapshotClock clock;
    EXPECT_EQ(clock.take(kernel, ParameterReading::New).second[0].parameters.at("numdummies"), "1");
    // Written through sysfs: no uevent, so only the periodic All reading sees it.
    kernel.drop("dummy");
    kernel.add({"dummy", {}, 0, {{"numdummies", "2"}}});
    EXPECT_EQ(clock.take(kernel, ParameterReading::New).second[0].parameters.at("numdummies"), "1");
    EXPECT_EQ(clock.take(kernel, ParameterReading::All).second[0].parameters.at("numdummies"), "2");
    // A module a snapshot saw go is new when it comes back.
    kernel.drop("dummy");
    EXPECT_TRUE(clock.take(kernel, ParameterReading::New).second.empty());
    kernel.add({"dummy", {}, 0, {{"numdummies", "3"}}});
    EXPECT_EQ(clock.take(kernel, ParameterReading::New).second[0].parameters.at("numdummies"), "3");
}
