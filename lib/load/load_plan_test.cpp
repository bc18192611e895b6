#include "load/load_plan.h"

#include <gtest/gtest.h>

#include "base/module_error.h"
#include "lookup/kmod_context.h"
#include "lookup/module_resolution.h"
#include "support/scratch_dir.h"
#include "support/test_kernel_tree.h"

namespace modmgr {
namespace {

class LoadPlanTest : public ::testing::Test {
protected:
    // Each test writes its modprobe.d lines before the first lookup.
    KmodContext& kmod() {
        if (!kmod_)
            kmod_ = std::make_unique<KmodContext>(KmodSettings{test_modules_dir(), {config_.path()}});
        return *kmod_;
    }
    LoadPlan plan(const std::string& name, const std::vector<std::string>& parameters = {},
                  bool run_install_commands = true, const Snapshot& loaded = {}) {
        targets_ = lookup_modules(kmod().get(), name).matches;
        std::vector<kmod_module*> targets;
        for (const auto& target : targets_)
            targets.push_back(target.get());
        return plan_load(targets, ModuleParameters::checked(parameters), run_install_commands,
                         loaded);
    }
    static std::vector<std::string> names(const LoadPlan& plan) {
        std::vector<std::string> result;
        for (const auto& step : plan.steps)
            result.push_back(step.name);
        return result;
    }
    static const LoadStep& step(const LoadPlan& plan, const std::string& name) {
        for (const auto& step : plan.steps)
            if (step.name == name)
                return step;
        throw std::runtime_error(name + " is not in the plan");
    }

    ScratchDir config_;
    std::unique_ptr<KmodContext> kmod_;
    std::vector<KmodModulePtr> targets_;
};

LoadedModule loaded_module(const std::string& name) {
    LoadedModule module;
    module.name = name;
    module.state = "live";
    return module;
}

TEST_F(LoadPlanTest, DependenciesComeFirstInModprobeOrder) {
    const LoadPlan vxlan = plan("vxlan");
    EXPECT_EQ(names(vxlan), (std::vector<std::string>{"udp_tunnel", "ip6_udp_tunnel", "vxlan"}));
    EXPECT_TRUE(step(vxlan, "vxlan").target);
    EXPECT_FALSE(step(vxlan, "udp_tunnel").target);
    EXPECT_TRUE(step(vxlan, "udp_tunnel").required);
    for (const auto& s : vxlan.steps)
        EXPECT_NE(kmod_module_get_path(s.module.get()), nullptr) << s.name;
}

TEST_F(LoadPlanTest, LeavesOutLoadedModules) {
    EXPECT_EQ(names(plan("vxlan", {}, true, {loaded_module("udp_tunnel")})),
              (std::vector<std::string>{"ip6_udp_tunnel", "vxlan"}));
    EXPECT_TRUE(plan("dummy", {}, true, {loaded_module("dummy")}).steps.empty());
}

TEST_F(LoadPlanTest, ConfiguredOptionsComeBeforeTheCallersOnTheTargetOnly) {
    config_.write("options.conf", "options dummy numdummies=2\noptions udp_tunnel foo=1\n");
    EXPECT_EQ(plan("dummy", {"numdummies=5"}).steps.at(0).options, "numdummies=2 numdummies=5");
    const LoadPlan vxlan = plan("vxlan", {"udp_port=4790"});
    EXPECT_EQ(step(vxlan, "udp_tunnel").options, "foo=1");
    EXPECT_EQ(step(vxlan, "ip6_udp_tunnel").options, "");
    EXPECT_EQ(step(vxlan, "vxlan").options, "udp_port=4790");
}

TEST_F(LoadPlanTest, SoftdepsSurroundTheModuleAndAreOptional) {
    config_.write("softdep.conf", "softdep dummy pre: ifb post: vxlan\n");
    const LoadPlan dummy = plan("dummy");
    EXPECT_EQ(names(dummy), (std::vector<std::string>{"ifb", "dummy", "udp_tunnel",
                                                      "ip6_udp_tunnel", "vxlan"}));
    EXPECT_FALSE(step(dummy, "ifb").required);
    EXPECT_FALSE(step(dummy, "udp_tunnel").required);
    EXPECT_TRUE(step(dummy, "dummy").required);
}

TEST_F(LoadPlanTest, DependencySoftdepsAndTheTreesModulesSoftdep) {
    // modules.softdep of the tree: "softdep ext4 pre: crypto-crc32c" (an alias, all matches).
    const LoadPlan ext4 = plan("ext4");
    const auto order = names(ext4);
    ASSERT_EQ(order.back(), "ext4");
    const auto position = [&](const std::string& name) {
        return std::find(order.begin(), order.end(), name) - order.begin();
    };
    EXPECT_LT(position("crc32c_generic"), position("ext4"));
    EXPECT_LT(position("jbd2"), position("ext4"));
    EXPECT_FALSE(step(ext4, "crc32c_generic").required);
    EXPECT_TRUE(step(ext4, "jbd2").required);
    EXPECT_EQ(std::count(order.begin(), order.end(), "crc32c_generic"), 1);
}

TEST_F(LoadPlanTest, InstallCommandsReplaceInsertionWithOptionsExpanded) {
    config_.write("install.conf",
                  "options dummy numdummies=2\n"
                  "install dummy echo $CMDLINE_OPTS > /dev/null; echo [$CMDLINE_OPTS]\n");
    const LoadPlan dummy = plan("dummy", {"numdummies=3"});
    EXPECT_EQ(dummy.steps.at(0).install_command,
              "echo numdummies=2 numdummies=3 > /dev/null; echo [numdummies=2 numdummies=3]");
    EXPECT_EQ(plan("dummy", {}, false).steps.at(0).install_command, "");
}

// However the administrator quoted $CMDLINE_OPTS, a caller's parameter must not be shell.
// ('"' never gets this far: ModuleParameters refuses it.)
TEST_F(LoadPlanTest, CallerParametersThatAShellWouldInterpretNeverReachAnInstallCommand) {
    for (const char* line : {"install dummy /bin/sh -c \"echo $CMDLINE_OPTS >> /tmp/x\"\n",
                             "install dummy /bin/sh -c 'echo $CMDLINE_OPTS >> /tmp/x'\n",
                             "install dummy echo $CMDLINE_OPTS\n"}) {
        config_.write("install.conf", line);
        for (const char* evil : {"numdummies=$(id)", "numdummies=`id`", "numdummies=1;id",
                                 "numdummies=1'", "numdummies=1|id",
                                 "numdummies=a b", "numdummies=1&&id", "numdummies=~",
                                 "numdummies=*", "numdummies=1\\"}) {
            try {
                plan("dummy", {evil});
                ADD_FAILURE() << evil << " reached " << line;
            } catch (const ModuleError& e) {
                EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
                EXPECT_NE(std::string(e.what()).find("runs through /bin/sh"), std::string::npos);
            }
        }
        EXPECT_NO_THROW(plan("dummy", {"numdummies=3", "x=a,b:c/d@e%f+g-h.i_j"}));
    }
    // Without an install command, the kernel alone reads them.
    config_.write("install.conf", "");
    EXPECT_NO_THROW(plan("dummy", {"numdummies=$(id)"}));
}

TEST_F(LoadPlanTest, AModuleWithSoftdepsIgnoresItsInstallCommand) {
    config_.write("install.conf", "install dummy /bin/false\nsoftdep dummy pre: ifb\n");
    EXPECT_EQ(step(plan("dummy"), "dummy").install_command, "");
}

TEST_F(LoadPlanTest, InstallOnlyNamesNeedTheirCommand) {
    config_.write("install.conf", "install pseudo-thing /bin/true\n");
    EXPECT_EQ(plan("pseudo-thing").steps.at(0).install_command, "/bin/true");
    try {
        plan("pseudo-thing", {}, false);
        FAIL() << "no file and no command must not plan";
    } catch (const ModuleError& error) {
        EXPECT_EQ(error.code(), ErrorCode::NotFound);
    }
}

TEST_F(LoadPlanTest, BuiltinModulesAreLeftOut) {
    EXPECT_TRUE(plan("unix").steps.empty());
}

TEST_F(LoadPlanTest, ModulesIncludeLoadedOnes) {
    EXPECT_EQ(plan("vxlan", {}, true, {loaded_module("udp_tunnel")}).modules,
              (std::vector<std::string>{"udp_tunnel", "ip6_udp_tunnel", "vxlan"}));
    EXPECT_EQ(plan("vxlan", {}, true, {loaded_module("vxlan")}).modules,
              (std::vector<std::string>{"udp_tunnel", "ip6_udp_tunnel", "vxlan"}))
        << "a loaded target's probe list too";
}

} // namespace
} // namespace modmgr
