#include "unload/unload_plan.h"

#include <gtest/gtest.h>

#include "base/module_error.h"
#include "support/live_module_for_test.h"

namespace modmgr {
namespace {

using Names = std::vector<std::string>;

LoadedModule module(const std::string& name, Names holders = {}, int32_t users = 0) {
    return live_module(name, std::move(holders), users);
}

ModuleError plan_error(const Snapshot& snapshot, const std::string& target) {
    try {
        plan_unload(snapshot, target, true);
    } catch (const ModuleError& e) {
        return e;
    }
    ADD_FAILURE() << "planned an unload of " << target;
    return ModuleError(ErrorCode::Failed, "");
}

TEST(ExtraReferences, BeyondHolders) {
    EXPECT_EQ(extra_references(module("a")), 0);
    EXPECT_EQ(extra_references(module("a", {"b", "c"})), 0);
    EXPECT_EQ(extra_references(module("a", {"b"}, 2)), 2);
    LoadedModule uncounted = module("a");
    uncounted.refcount = -1;
    EXPECT_EQ(extra_references(uncounted), 0);
}

TEST(PlanUnload, SimpleChain) {
    // vxlan -> udp_tunnel, ip6_udp_tunnel
    const Snapshot snapshot{module("vxlan"), module("ip6_udp_tunnel", {"vxlan"}),
                            module("udp_tunnel", {"vxlan"}), module("dummy")};
    EXPECT_EQ(plan_unload(snapshot, "vxlan", true), (Names{"vxlan", "ip6_udp_tunnel", "udp_tunnel"}));
}

TEST(PlanUnload, NoDependenciesIsRmmod) {
    const Snapshot snapshot{module("vxlan"), module("udp_tunnel", {"vxlan"})};
    EXPECT_EQ(plan_unload(snapshot, "vxlan", false), Names{"vxlan"});
}

TEST(PlanUnload, KeepsDependencyHeldByAnotherModule) {
    // geneve also uses udp_tunnel: it must stay.
    const Snapshot snapshot{module("geneve"), module("vxlan"),
                            module("udp_tunnel", {"vxlan", "geneve"}),
                            module("ip6_udp_tunnel", {"vxlan"})};
    EXPECT_EQ(plan_unload(snapshot, "vxlan", true), (Names{"vxlan", "ip6_udp_tunnel"}));
}

TEST(PlanUnload, KeepsDependencyUsedByAProcessAndItsOwnDependencies) {
    // a -> b -> c; a process holds b, so neither b nor c (only needed by b) may go.
    const Snapshot snapshot{module("a"), module("b", {"a"}, 1), module("c", {"b"})};
    EXPECT_EQ(plan_unload(snapshot, "a", true), Names{"a"});
}

TEST(PlanUnload, DiamondRemovesSharedDependencyLast) {
    // X -> A, B; A -> C; B -> C
    const Snapshot snapshot{module("X"), module("B", {"X"}), module("A", {"X"}),
                            module("C", {"B", "A"})};
    EXPECT_EQ(plan_unload(snapshot, "X", true), (Names{"X", "A", "B", "C"}));
}

TEST(PlanUnload, DeepChainGoesAllTheWayDown) {
    // kmod 30's modprobe -r would stop after m1.
    const Snapshot snapshot{module("m0"), module("m1", {"m0"}), module("m2", {"m1"}),
                            module("m3", {"m2"}), module("m4", {"m3"})};
    EXPECT_EQ(plan_unload(snapshot, "m0", true), (Names{"m0", "m1", "m2", "m3", "m4"}));
}

TEST(PlanUnload, SkipsDependenciesTheKernelCannotRemove) {
    LoadedModule permanent = module("perm", {"top"});
    permanent.permanent = true;
    LoadedModule uncounted = module("nocount", {"top"});
    uncounted.refcount = -1;
    LoadedModule going = module("going", {"top"});
    going.state = "going";
    // below is only reachable through modules that stay.
    const Snapshot snapshot{module("top"), permanent, uncounted, going,
                            module("below", {"perm", "nocount", "going"}), module("free", {"top"})};
    EXPECT_EQ(plan_unload(snapshot, "top", true), (Names{"top", "free"}));
}

TEST(PlanUnload, ModuleNamedLikeAHolderOutsideTheClosureStays) {
    // shared is held by "top" and by "other", which is loaded but unrelated.
    const Snapshot snapshot{module("other"), module("top"), module("mid", {"top"}),
                            module("shared", {"mid", "other"}), module("leaf", {"mid"})};
    EXPECT_EQ(plan_unload(snapshot, "top", true), (Names{"top", "mid", "leaf"}));
}

TEST(PlanUnload, Errors) {
    LoadedModule permanent = module("perm");
    permanent.permanent = true;
    LoadedModule uncounted = module("nocount");
    uncounted.refcount = -1;
    LoadedModule coming = module("coming");
    coming.state = "coming";
    const Snapshot snapshot{module("vxlan"), module("udp_tunnel", {"vxlan", "geneve"}),
                            module("geneve"), module("fuse", {}, 3), permanent, uncounted, coming};

    const ModuleError missing = plan_error(snapshot, "nope");
    EXPECT_EQ(missing.code(), ErrorCode::NotLoaded);
    EXPECT_EQ(std::string(missing.what()), "nope is not loaded");

    const ModuleError held = plan_error(snapshot, "udp_tunnel");
    EXPECT_EQ(held.code(), ErrorCode::InUse);
    EXPECT_EQ(std::string(held.what()), "udp_tunnel is in use by: vxlan, geneve");

    const ModuleError used = plan_error(snapshot, "fuse");
    EXPECT_EQ(used.code(), ErrorCode::InUse);
    EXPECT_EQ(std::string(used.what()), "fuse is in use (reference count 3)");

    const ModuleError perm = plan_error(snapshot, "perm");
    EXPECT_EQ(perm.code(), ErrorCode::Failed);
    EXPECT_EQ(std::string(perm.what()), "perm is permanent: it cannot be unloaded");

    const ModuleError nocount = plan_error(snapshot, "nocount");
    EXPECT_EQ(nocount.code(), ErrorCode::Failed);
    EXPECT_NE(std::string(nocount.what()).find("unloading is not supported"), std::string::npos);

    EXPECT_EQ(plan_error(snapshot, "coming").code(), ErrorCode::InUse);
    // rmmod semantics check the target just the same.
    EXPECT_THROW(plan_unload(snapshot, "udp_tunnel", false), ModuleError);
}

} // namespace
} // namespace modmgr
