// Tests of the TEST DOUBLE SimulatedKernel, with real .ko files from the test kernel tree.
#include "support/simulated_kernel.h"
#include "support/live_module_for_test.h"

#include <libkmod.h>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "base/module_error.h"
#include "support/test_kernel_tree.h"

namespace modmgr {
namespace {

namespace fs = std::filesystem;
using Names = std::vector<std::string>;
using ModulePtr = std::unique_ptr<kmod_module, decltype(&kmod_module_unref)>;

class SimulatedKernelTest : public ::testing::Test {
protected:
    void SetUp() override {
        ctx_ = kmod_new(test_modules_dir().c_str(), nullptr);
        ASSERT_NE(ctx_, nullptr);
        std::string dir_template = (fs::temp_directory_path() / "simkernel-XXXXXX").string();
        ASSERT_NE(::mkdtemp(dir_template.data()), nullptr);
        dir_ = dir_template;
        state_file_ = (dir_ / "kernel.json").string();
    }
    void TearDown() override {
        if (ctx_ != nullptr)
            kmod_unref(ctx_);
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }

    ModulePtr by_name(const std::string& name) {
        kmod_module* module = nullptr;
        EXPECT_EQ(kmod_module_new_from_name(ctx_, name.c_str(), &module), 0);
        return ModulePtr(module, kmod_module_unref);
    }
    int insert(const std::string& name, const std::string& options = "") {
        return kernel().insert(by_name(name).get(), options);
    }
    SimulatedKernel kernel() { return SimulatedKernel(state_file_); }
    nlohmann::json state() {
        std::ifstream in(state_file_);
        return nlohmann::json::parse(in);
    }
    void stage(const nlohmann::json& state) { std::ofstream(state_file_) << state.dump(); }

    kmod_ctx* ctx_ = nullptr;
    fs::path dir_;
    std::string state_file_;
};

TEST_F(SimulatedKernelTest, MissingStateFileIsAnEmptyKernel) {
    EXPECT_TRUE(kernel().snapshot().empty());
    EXPECT_EQ(kernel().remove("dummy"), -ENOENT);
}

TEST_F(SimulatedKernelTest, InsertRecordsWhatTheKernelWould) {
    ASSERT_EQ(insert("dummy", "numdummies=3 debug opts=\"a b\""), 0);
    const Snapshot snapshot = kernel().snapshot();
    ASSERT_EQ(snapshot.size(), 1u);
    const LoadedModule& dummy = snapshot[0];
    EXPECT_EQ(dummy.name, "dummy");
    EXPECT_EQ(dummy.state, "live");
    EXPECT_EQ(dummy.refcount, 0);
    EXPECT_TRUE(dummy.holders.empty());
    const auto file_size = fs::file_size(kmod_module_get_path(by_name("dummy").get()));
    EXPECT_EQ(dummy.size % 4096, 0u);
    EXPECT_GE(dummy.size, file_size);
    EXPECT_LT(dummy.size, file_size + 4096);
    EXPECT_EQ(dummy.parameters, (std::map<std::string, std::string>{
                                    {"numdummies", "3"}, {"debug", "Y"}, {"opts", "a b"}}));
    EXPECT_FALSE(fs::exists(state_file_ + ".tmp"));
}

TEST_F(SimulatedKernelTest, RefusesLikeTheKernel) {
    ASSERT_EQ(insert("dummy"), 0);
    EXPECT_EQ(insert("dummy"), -EEXIST);
    // vxlan depends on udp_tunnel and ip6_udp_tunnel.
    EXPECT_EQ(insert("vxlan"), -ENOENT);
    ASSERT_EQ(insert("udp_tunnel"), 0);
    EXPECT_EQ(insert("vxlan"), -ENOENT);
    EXPECT_EQ(module_names(kernel().snapshot()), (Names{"udp_tunnel", "dummy"}));
}

TEST_F(SimulatedKernelTest, DerivesHoldersAndRefcountsNewestFirst) {
    ASSERT_EQ(insert("udp_tunnel"), 0);
    ASSERT_EQ(insert("ip6_udp_tunnel"), 0);
    ASSERT_EQ(insert("vxlan"), 0);
    const Snapshot snapshot = kernel().snapshot();
    EXPECT_EQ(module_names(snapshot), (Names{"vxlan", "ip6_udp_tunnel", "udp_tunnel"}));
    EXPECT_EQ(snapshot[2].holders, Names{"vxlan"});
    EXPECT_EQ(snapshot[2].refcount, 1);
    EXPECT_EQ(snapshot[1].holders, Names{"vxlan"});
    EXPECT_TRUE(snapshot[0].holders.empty());
    EXPECT_EQ(state()["modules"][0]["depends"], (Names{"udp_tunnel", "ip6_udp_tunnel"}));

    EXPECT_EQ(kernel().remove("udp_tunnel"), -EWOULDBLOCK);
    EXPECT_EQ(kernel().remove("vxlan"), 0);
    EXPECT_EQ(kernel().remove("vxlan"), -ENOENT);
    EXPECT_EQ(kernel().remove("udp_tunnel"), 0);
    EXPECT_EQ(module_names(kernel().snapshot()), Names{"ip6_udp_tunnel"});
}

TEST_F(SimulatedKernelTest, StagedUsersKeepAModuleLoaded) {
    stage({{"modules",
            {{{"name", "fuse"}, {"size", 176128}, {"users", 2}, {"depends", Names{}},
              {"parameters", {{"max_user_bgreq", "1"}}}, {"state", "live"}}}}});
    const Snapshot snapshot = kernel().snapshot();
    ASSERT_EQ(snapshot.size(), 1u);
    EXPECT_EQ(snapshot[0].refcount, 2);
    EXPECT_EQ(snapshot[0].size, 176128u);
    EXPECT_EQ(snapshot[0].parameters.at("max_user_bgreq"), "1");
    EXPECT_EQ(kernel().remove("fuse"), -EWOULDBLOCK);
    EXPECT_EQ(module_names(kernel().snapshot()), Names{"fuse"});
}

TEST_F(SimulatedKernelTest, ModuleNotLiveIsBusy) {
    stage({{"modules", {{{"name", "dummy"}, {"state", "coming"}}}}});
    EXPECT_EQ(kernel().snapshot()[0].state, "coming");
    EXPECT_EQ(kernel().remove("dummy"), -EBUSY);
}

TEST_F(SimulatedKernelTest, FailInsertReturnsTheStagedErrno) {
    stage({{"modules", nlohmann::json::array()}, {"fail_insert", {{"dummy", ENODEV}}}});
    EXPECT_EQ(insert("dummy"), -ENODEV);
    EXPECT_TRUE(kernel().snapshot().empty());
    EXPECT_EQ(insert("udp_tunnel"), 0);
}

TEST_F(SimulatedKernelTest, NamesAModuleOpenedFromAnyPathByItsModinfo) {
    const fs::path copy = dir_ / "renamed.ko";
    fs::copy_file(kmod_module_get_path(by_name("dummy").get()), copy);
    kmod_module* raw = nullptr;
    ASSERT_EQ(kmod_module_new_from_path(ctx_, copy.c_str(), &raw), 0);
    ModulePtr module(raw, kmod_module_unref);
    ASSERT_EQ(kernel().insert(module.get(), ""), 0);
    EXPECT_EQ(module_names(kernel().snapshot()), Names{"dummy"});
}

TEST_F(SimulatedKernelTest, SlowInsertDoesNotBlockOthers) {
    stage({{"modules", nlohmann::json::array()}, {"insert_delay_ms", 1500}});
    std::atomic<int> result{1};
    std::thread loader([&] { result = insert("dummy"); });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(kernel().snapshot().empty());
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1000));
    loader.join();
    EXPECT_EQ(result, 0);
    EXPECT_EQ(module_names(kernel().snapshot()), Names{"dummy"});
}

TEST_F(SimulatedKernelTest, CorruptStateIsAnError) {
    std::ofstream(state_file_) << "{ not json";
    EXPECT_THROW(kernel().snapshot(), ModuleError);
}

} // namespace
} // namespace modmgr
