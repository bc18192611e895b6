#include "unload/module_unloader.h"

#include <cerrno>

#include <gtest/gtest.h>

#include "base/module_error.h"
#include "support/simulated_kernel.h"

namespace modmgr {
namespace {

using Names = std::vector<std::string>;

// vxlan uses udp_tunnel and ip6_udp_tunnel; ip6_udp_tunnel uses ipv6_core (made up).
class ModuleUnloaderTest : public ::testing::Test {
protected:
    ModuleUnloaderTest() {
        kernel_.add("ipv6_core");
        kernel_.add("udp_tunnel");
        kernel_.add("ip6_udp_tunnel", {"ipv6_core"});
        kernel_.add("vxlan", {"udp_tunnel", "ip6_udp_tunnel"});
    }
    SimulatedKernel kernel_;
    const Names plan_{"vxlan", "ip6_udp_tunnel", "ipv6_core", "udp_tunnel"};
};

TEST_F(ModuleUnloaderTest, RemovesThePlanInOrder) {
    EXPECT_EQ(execute_unload_plan(plan_, kernel_), plan_);
    EXPECT_EQ(kernel_.removed(), plan_);
    EXPECT_TRUE(kernel_.modules().empty());
}

TEST_F(ModuleUnloaderTest, TheTargetsFailureIsTheError) {
    kernel_.fail_remove("vxlan", EWOULDBLOCK);
    try {
        execute_unload_plan(plan_, kernel_);
        FAIL() << "the target could not be removed";
    } catch (const ModuleError& error) {
        EXPECT_EQ(error.code(), ErrorCode::InUse);
    }
    EXPECT_EQ(kernel_.removed(), Names{"vxlan"});
}

TEST_F(ModuleUnloaderTest, AModuleGrabbedMeanwhileStaysWithWhatItNeeds) {
    kernel_.before_snapshot = [](SimulatedKernel& kernel, int) {
        // A process opened ip6_udp_tunnel after the plan was made.
        kernel.set_users("ip6_udp_tunnel", 1);
    };
    EXPECT_EQ(execute_unload_plan(plan_, kernel_), (Names{"vxlan", "udp_tunnel"}));
    // ipv6_core is still held by ip6_udp_tunnel: never even tried.
    EXPECT_EQ(kernel_.removed(), (Names{"vxlan", "udp_tunnel"}));
    EXPECT_TRUE(kernel_.loaded("ipv6_core"));
}

TEST_F(ModuleUnloaderTest, ANewHolderKeepsAModule) {
    kernel_.before_snapshot = [](SimulatedKernel& kernel, int) {
        if (!kernel.loaded("geneve"))
            kernel.add("geneve", {"udp_tunnel"});
    };
    EXPECT_EQ(execute_unload_plan(plan_, kernel_), (Names{"vxlan", "ip6_udp_tunnel", "ipv6_core"}));
}

TEST_F(ModuleUnloaderTest, KernelSayingBusyForADependencyIsNotAnError) {
    kernel_.fail_remove("ip6_udp_tunnel", EBUSY);
    kernel_.fail_remove("udp_tunnel", EWOULDBLOCK);
    EXPECT_EQ(execute_unload_plan(plan_, kernel_), Names{"vxlan"});
    EXPECT_EQ(kernel_.removed(), (Names{"vxlan", "ip6_udp_tunnel", "udp_tunnel"}));
}

TEST_F(ModuleUnloaderTest, ADependencyGoneMeanwhileIsSkipped) {
    kernel_.before_snapshot = [](SimulatedKernel& kernel, int) {
        if (kernel.loaded("udp_tunnel") && !kernel.loaded("vxlan"))
            kernel.drop("udp_tunnel");
    };
    EXPECT_EQ(execute_unload_plan(plan_, kernel_), (Names{"vxlan", "ip6_udp_tunnel", "ipv6_core"}));
}

TEST_F(ModuleUnloaderTest, OtherKernelErrorsSayWhatWasAlreadyRemoved) {
    kernel_.fail_remove("ipv6_core", EPERM);
    try {
        execute_unload_plan(plan_, kernel_);
        FAIL() << "EPERM is not 'still in use'";
    } catch (const ModuleError& error) {
        EXPECT_EQ(error.code(), ErrorCode::KernelRefused);
        EXPECT_NE(std::string(error.what()).find("already removed: vxlan, ip6_udp_tunnel"),
                  std::string::npos)
            << error.what();
    }
}

} // namespace
} // namespace modmgr
