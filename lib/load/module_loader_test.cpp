#include "load/module_loader.h"

#include <cerrno>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "base/module_error.h"
#include "lookup/kmod_context.h"
#include "lookup/module_resolution.h"
#include "support/scratch_dir.h"
#include "support/simulated_kernel.h"
#include "support/test_kernel_tree.h"

namespace modmgr {
namespace {

class ModuleLoaderTest : public ::testing::Test {
protected:
    KmodContext& kmod() {
        if (!kmod_)
            kmod_ = std::make_unique<KmodContext>(KmodSettings{test_modules_dir(), {config_.path()}});
        return *kmod_;
    }
    LoadPlan plan(const std::string& name, const std::vector<std::string>& parameters = {}) {
        targets_ = lookup_modules(kmod().get(), name).matches;
        return plan_load({targets_.at(0).get()}, ModuleParameters::checked(parameters), true,
                         kernel_.modules());
    }
    ModuleError load_error(const std::string& name, bool first_time = false) {
        try {
            execute_load_plan(plan(name), kernel_, first_time);
        } catch (const ModuleError& error) {
            return error;
        }
        throw std::runtime_error("loading " + name + " did not fail");
    }

    ScratchDir config_;
    std::unique_ptr<KmodContext> kmod_;
    std::vector<KmodModulePtr> targets_;
    SimulatedKernel kernel_;
};

using Names = std::vector<std::string>;

TEST_F(ModuleLoaderTest, InsertsInOrderWithOptions) {
    config_.write("o.conf", "options udp_tunnel a=1\n");
    const LoadResult result = execute_load_plan(plan("vxlan", {"udp_port=1"}), kernel_, false);
    EXPECT_EQ(result.inserted, (Names{"udp_tunnel", "ip6_udp_tunnel", "vxlan"}));
    EXPECT_EQ(kernel_.inserted(), result.inserted);
    EXPECT_EQ(kernel_.options().at("udp_tunnel"), "a=1");
    EXPECT_EQ(kernel_.options().at("vxlan"), "udp_port=1");
    EXPECT_TRUE(result.install_commands.empty());
}

TEST_F(ModuleLoaderTest, SomeoneElseLoadingADependencyMeanwhileIsFine) {
    LoadPlan vxlan = plan("vxlan");
    kernel_.add("udp_tunnel"); // after planning: the insert answers EEXIST
    const LoadResult result = execute_load_plan(vxlan, kernel_, false);
    EXPECT_EQ(result.inserted, (Names{"ip6_udp_tunnel", "vxlan"}));
}

TEST_F(ModuleLoaderTest, TargetLoadedMeanwhileIsSuccessUnlessFirstTime) {
    LoadPlan dummy = plan("dummy");
    kernel_.add("dummy");
    EXPECT_TRUE(execute_load_plan(dummy, kernel_, false).inserted.empty());
    try {
        execute_load_plan(dummy, kernel_, true);
        FAIL() << "FIRST_TIME must refuse a module that is already loaded";
    } catch (const ModuleError& error) {
        EXPECT_EQ(error.code(), ErrorCode::AlreadyLoaded);
    }
}

TEST_F(ModuleLoaderTest, AFailingTargetRollsBackTheDependenciesItInserted) {
    kernel_.fail_insert("vxlan", ENOEXEC);
    const ModuleError error = load_error("vxlan");
    EXPECT_EQ(error.code(), ErrorCode::KernelRefused);
    EXPECT_NE(std::string(error.what()).find("ENOEXEC"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("rolled back: removed ip6_udp_tunnel, udp_tunnel"),
              std::string::npos)
        << error.what();
    EXPECT_EQ(kernel_.removed(), (Names{"ip6_udp_tunnel", "udp_tunnel"}));
    EXPECT_TRUE(kernel_.modules().empty());
}

TEST_F(ModuleLoaderTest, RollbackLeavesWhatSomethingElseStartedUsing) {
    kernel_.fail_insert("vxlan", ENODEV);
    kernel_.before_snapshot = [](SimulatedKernel& kernel, int) {
        // Another user grabbed udp_tunnel while vxlan was failing.
        if (kernel.loaded("udp_tunnel") && !kernel.loaded("geneve"))
            kernel.add("geneve", {"udp_tunnel"});
    };
    const std::string message = load_error("vxlan").what();
    EXPECT_NE(message.find("rolled back: removed ip6_udp_tunnel"), std::string::npos) << message;
    EXPECT_NE(message.find("left loaded: udp_tunnel (used by geneve)"), std::string::npos) << message;
    EXPECT_EQ(kernel_.removed(), Names{"ip6_udp_tunnel"});
}

TEST_F(ModuleLoaderTest, NothingInsertedMeansNothingToRollBack) {
    kernel_.fail_insert("dummy", EKEYREJECTED);
    const ModuleError error = load_error("dummy");
    EXPECT_EQ(error.code(), ErrorCode::KernelRefused);
    EXPECT_EQ(std::string(error.what()).find("rolled back"), std::string::npos) << error.what();
    EXPECT_TRUE(kernel_.removed().empty());
}

TEST_F(ModuleLoaderTest, SoftdepFailuresAreWarnings) {
    config_.write("s.conf", "softdep dummy pre: ifb\n");
    kernel_.fail_insert("ifb", ENODEV);
    const LoadResult result = execute_load_plan(plan("dummy"), kernel_, false);
    EXPECT_EQ(result.inserted, Names{"dummy"});
    ASSERT_EQ(result.warnings.size(), 1u);
    EXPECT_NE(result.warnings[0].find("ifb"), std::string::npos);
}

TEST_F(ModuleLoaderTest, InstallCommandRunsAndWhatItLoadedIsReported) {
    const std::string marker = config_.file("marker");
    config_.write("i.conf", "options dummy numdummies=2\n"
                            "install dummy echo $MODPROBE_MODULE $CMDLINE_OPTS > " + marker + "\n");
    kernel_.before_snapshot = [&](SimulatedKernel& kernel, int) {
        // What the command "loaded": the fake kernel sees it once the marker exists.
        if (std::filesystem::exists(marker) && !kernel.loaded("dummy"))
            kernel.add("dummy");
    };
    const LoadResult result = execute_load_plan(plan("dummy", {"numdummies=4"}), kernel_, false);
    std::ifstream written(marker);
    std::string line;
    std::getline(written, line);
    EXPECT_EQ(line, "dummy numdummies=2 numdummies=4");
    EXPECT_EQ(result.install_commands.size(), 1u);
    EXPECT_EQ(result.inserted, Names{"dummy"});
    EXPECT_TRUE(kernel_.inserted().empty());
}

TEST_F(ModuleLoaderTest, FailingInstallCommandFailsWithItsStatusAndRollsBack) {
    config_.write("i.conf", "install vxlan exit 3\n");
    const ModuleError error = load_error("vxlan");
    EXPECT_EQ(error.code(), ErrorCode::Failed);
    const std::string message = error.what();
    EXPECT_NE(message.find("install command 'exit 3' for vxlan exited with status 3"), std::string::npos)
        << message;
    EXPECT_NE(message.find("rolled back: removed ip6_udp_tunnel, udp_tunnel"), std::string::npos)
        << message;
}

} // namespace
} // namespace modmgr
