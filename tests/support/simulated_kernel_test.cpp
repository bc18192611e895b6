// Tests of the TEST DOUBLE SimulatedKernel, with real .ko files from the test kernel tree:
// its kernel rules in both homes of its state (memory and file), then what only the file
// does (other processes share and stage it).
#include "support/simulated_kernel.h"

#include <libkmod.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "base/module_error.h"
#include "support/live_module_for_test.h"
#include "support/scratch_dir.h"
#include "support/test_kernel_tree.h"

namespace modmgr {
namespace {

namespace fs = std::filesystem;
using Names = std::vector<std::string>;
using ModulePtr = std::unique_ptr<kmod_module, decltype(&kmod_module_unref)>;

// The test kernel tree's modules, and a directory for the state file.
class KernelTreeFixture {
protected:
    KernelTreeFixture() : ctx_(kmod_new(test_modules_dir().c_str(), nullptr), kmod_unref) {
        if (!ctx_)
            throw std::runtime_error("kmod_new failed");
    }

    ModulePtr by_name(const std::string& name) {
        kmod_module* module = nullptr;
        EXPECT_EQ(kmod_module_new_from_name(ctx_.get(), name.c_str(), &module), 0);
        return ModulePtr(module, kmod_module_unref);
    }
    ModulePtr by_path(const std::string& path) {
        kmod_module* module = nullptr;
        EXPECT_EQ(kmod_module_new_from_path(ctx_.get(), path.c_str(), &module), 0);
        return ModulePtr(module, kmod_module_unref);
    }

    std::unique_ptr<kmod_ctx, decltype(&kmod_unref)> ctx_;
    ScratchDir dir_;
    const std::string state_file_ = dir_.file("kernel.json");
};

// Every kernel rule, once with the state in memory and once in the file.
class SimulatedKernelTest : public KernelTreeFixture, public ::testing::TestWithParam<bool> {
protected:
    SimulatedKernelTest()
        : kernel_(GetParam() ? std::make_unique<SimulatedKernel>(state_file_)
                             : std::make_unique<SimulatedKernel>()) {}

    int insert(const std::string& name, const std::string& options = "") {
        return kernel_->insert(by_name(name).get(), options);
    }
    Names loaded() { return module_names(kernel_->modules()); }

    std::unique_ptr<SimulatedKernel> kernel_;
};

INSTANTIATE_TEST_SUITE_P(StateInMemoryOrFile, SimulatedKernelTest, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "File" : "Memory"; });

TEST_P(SimulatedKernelTest, StartsAsAnEmptyKernel) {
    EXPECT_TRUE(kernel_->snapshot().empty());
    EXPECT_EQ(kernel_->remove("dummy"), -ENOENT);
}

TEST_P(SimulatedKernelTest, InsertRecordsWhatTheKernelWould) {
    ASSERT_EQ(insert("dummy", "numdummies=3 debug opts=\"a b\""), 0);
    const Snapshot snapshot = kernel_->snapshot();
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
    EXPECT_EQ(kernel_->parameters("dummy"), (std::map<std::string, std::string>{
                                    {"numdummies", "3"}, {"debug", "Y"}, {"opts", "a b"}}));
    EXPECT_FALSE(fs::exists(state_file_ + ".tmp"));
}

TEST_P(SimulatedKernelTest, RefusesLikeTheKernel) {
    ASSERT_EQ(insert("dummy"), 0);
    EXPECT_EQ(insert("dummy"), -EEXIST);
    // vxlan depends on udp_tunnel and ip6_udp_tunnel.
    EXPECT_EQ(insert("vxlan"), -ENOENT);
    ASSERT_EQ(insert("udp_tunnel"), 0);
    EXPECT_EQ(insert("vxlan"), -ENOENT);
    EXPECT_EQ(loaded(), (Names{"udp_tunnel", "dummy"}));
}

TEST_P(SimulatedKernelTest, StatusIsStagedAndModulesDisabledRefusesBothWays) {
    ASSERT_EQ(insert("dummy"), 0);
    EXPECT_EQ(kernel_->status().tainted, 0u);
    kernel_->set_status({4097, true, true, "integrity"});
    const KernelStatus status = kernel_->status();
    EXPECT_EQ(status.lockdown, "integrity");
    EXPECT_EQ(status.tainted, 4097u);
    EXPECT_TRUE(status.modules_disabled);
    EXPECT_TRUE(status.signatures_enforced);
    EXPECT_EQ(insert("udp_tunnel"), -EPERM);
    EXPECT_EQ(kernel_->remove("dummy"), -EPERM);
    EXPECT_EQ(loaded(), Names{"dummy"});
}

TEST_P(SimulatedKernelTest, DerivesHoldersAndRefcountsNewestFirst) {
    ASSERT_EQ(insert("udp_tunnel"), 0);
    ASSERT_EQ(insert("ip6_udp_tunnel"), 0);
    ASSERT_EQ(insert("vxlan"), 0);
    kernel_->add("geneve", {"udp_tunnel"});
    const Snapshot snapshot = kernel_->snapshot();
    EXPECT_EQ(module_names(snapshot), (Names{"geneve", "vxlan", "ip6_udp_tunnel", "udp_tunnel"}));
    EXPECT_EQ(snapshot[3].holders, (Names{"geneve", "vxlan"}));
    EXPECT_EQ(snapshot[3].refcount, 2);
    EXPECT_EQ(snapshot[2].holders, Names{"vxlan"});
    EXPECT_TRUE(snapshot[1].holders.empty());

    EXPECT_EQ(kernel_->remove("udp_tunnel"), -EWOULDBLOCK);
    EXPECT_EQ(kernel_->remove("vxlan"), 0);
    EXPECT_EQ(kernel_->remove("vxlan"), -ENOENT);
    EXPECT_EQ(kernel_->remove("geneve"), 0);
    EXPECT_EQ(kernel_->remove("udp_tunnel"), 0);
    EXPECT_EQ(loaded(), Names{"ip6_udp_tunnel"});
}

TEST_P(SimulatedKernelTest, UsersKeepAModuleLoaded) {
    kernel_->add({"fuse", {}, 2, {{"max_user_bgreq", "1"}}, "live", 176128});
    Snapshot snapshot = kernel_->snapshot();
    ASSERT_EQ(snapshot.size(), 1u);
    EXPECT_EQ(snapshot[0].refcount, 2);
    EXPECT_EQ(snapshot[0].size, 176128u);
    // As in the real kernel: the snapshot is /proc/modules, parameters come one module at a time.
    EXPECT_TRUE(snapshot[0].parameters.empty());
    EXPECT_EQ(kernel_->parameters("fuse").at("max_user_bgreq"), "1");
    EXPECT_TRUE(kernel_->parameters("dummy").empty());
    // One module alone: the snapshot's entry and its parameters, one read like a snapshot.
    const int snapshots = kernel_->snapshots();
    const auto fuse = kernel_->module("fuse");
    ASSERT_TRUE(fuse);
    EXPECT_EQ(fuse->refcount, 2);
    EXPECT_EQ(fuse->size, 176128u);
    EXPECT_EQ(fuse->parameters.at("max_user_bgreq"), "1");
    EXPECT_FALSE(kernel_->module("dummy"));
    EXPECT_EQ(kernel_->snapshots(), snapshots + 2);
    EXPECT_EQ(kernel_->remove("fuse"), -EWOULDBLOCK);
    kernel_->set_users("fuse", 0);
    EXPECT_EQ(kernel_->remove("fuse"), 0);
}

TEST_P(SimulatedKernelTest, ModuleNotLiveIsBusy) {
    kernel_->add("dummy");
    kernel_->set_state("dummy", "coming");
    EXPECT_EQ(kernel_->snapshot()[0].state, "coming");
    EXPECT_EQ(kernel_->remove("dummy"), -EBUSY);
}

TEST_P(SimulatedKernelTest, StagedFailuresReturnTheirErrnoAndChangeNothing) {
    kernel_->fail_insert("dummy", ENODEV);
    EXPECT_EQ(insert("dummy"), -ENODEV);
    EXPECT_TRUE(kernel_->modules().empty());
    ASSERT_EQ(insert("udp_tunnel"), 0);
    kernel_->fail_remove("udp_tunnel", EPERM);
    EXPECT_EQ(kernel_->remove("udp_tunnel"), -EPERM);
    EXPECT_EQ(loaded(), Names{"udp_tunnel"});
}

TEST_P(SimulatedKernelTest, StagingChangesTheWorldWithoutCalls) {
    kernel_->add("udp_tunnel");
    kernel_->add("vxlan", {"udp_tunnel"});
    kernel_->drop("vxlan");
    EXPECT_EQ(loaded(), Names{"udp_tunnel"});
    EXPECT_TRUE(kernel_->loaded("udp_tunnel"));
    EXPECT_FALSE(kernel_->loaded("vxlan"));
    EXPECT_THROW(kernel_->set_users("vxlan", 1), std::logic_error) << "a mistake in the test";
    kernel_->clear();
    EXPECT_TRUE(kernel_->modules().empty());
    EXPECT_TRUE(kernel_->removed().empty());
    EXPECT_EQ(kernel_->snapshots(), 0);
}

TEST_P(SimulatedKernelTest, RecordsEveryCallInOrder) {
    ASSERT_EQ(insert("udp_tunnel", "a=1"), 0);
    EXPECT_EQ(insert("udp_tunnel", "a=2"), -EEXIST);
    EXPECT_EQ(kernel_->remove("udp_tunnel"), 0);
    EXPECT_EQ(kernel_->remove("udp_tunnel"), -ENOENT);
    kernel_->snapshot();
    EXPECT_EQ(kernel_->inserted(), (Names{"udp_tunnel", "udp_tunnel"}));
    const std::string path = kmod_module_get_path(by_name("udp_tunnel").get());
    EXPECT_EQ(kernel_->inserted_paths(), (Names{path, path}));
    EXPECT_EQ(kernel_->options(), (std::map<std::string, std::string>{{"udp_tunnel", "a=2"}}));
    EXPECT_EQ(kernel_->removed(), (Names{"udp_tunnel", "udp_tunnel"}));
    EXPECT_EQ(kernel_->snapshots(), 1);
}

TEST_P(SimulatedKernelTest, HooksLetATestActMidOperation) {
    std::vector<int> calls;
    kernel_->before_snapshot = [&](SimulatedKernel& kernel, int call) {
        calls.push_back(call);
        if (call == 1)
            kernel.add("dummy");
    };
    EXPECT_TRUE(kernel_->snapshot().empty());
    EXPECT_EQ(module_names(kernel_->snapshot()), Names{"dummy"});
    EXPECT_EQ(calls, (std::vector<int>{0, 1}));

    Names seen;
    kernel_->on_insert = [&](const std::string& name) {
        seen.push_back(name);
        EXPECT_EQ(loaded(), Names{"dummy"}) << "before the insert";
    };
    ASSERT_EQ(insert("udp_tunnel"), 0);
    EXPECT_EQ(seen, Names{"udp_tunnel"});
}

TEST_P(SimulatedKernelTest, NamesAModuleOpenedFromAnyPathByItsModinfo) {
    const fs::path copy = dir_.file("renamed.ko");
    fs::copy_file(kmod_module_get_path(by_name("dummy").get()), copy);
    ASSERT_EQ(kernel_->insert(by_path(copy).get(), ""), 0);
    EXPECT_EQ(loaded(), Names{"dummy"});
    EXPECT_EQ(kernel_->inserted_paths(), Names{copy.string()});
}

// --- The file: shared between processes, staged by the Python tests ------------------------

class SimulatedKernelFile : public KernelTreeFixture, public ::testing::Test {
protected:
    SimulatedKernel kernel() { return SimulatedKernel(state_file_); }
    int insert(const std::string& name) { return kernel().insert(by_name(name).get(), ""); }
    nlohmann::json state() {
        std::ifstream in(state_file_);
        return nlohmann::json::parse(in);
    }
    void stage(const nlohmann::json& state) { std::ofstream(state_file_) << state.dump(); }
};

TEST_F(SimulatedKernelFile, EveryObjectOnTheFileSeesTheSameKernel) {
    ASSERT_EQ(insert("udp_tunnel"), 0);
    ASSERT_EQ(insert("ip6_udp_tunnel"), 0);
    ASSERT_EQ(insert("vxlan"), 0);
    EXPECT_EQ(state()["modules"][0]["depends"], (Names{"udp_tunnel", "ip6_udp_tunnel"}));
    EXPECT_EQ(kernel().remove("udp_tunnel"), -EWOULDBLOCK);
    EXPECT_EQ(kernel().remove("vxlan"), 0);
    EXPECT_EQ(module_names(kernel().snapshot()), (Names{"ip6_udp_tunnel", "udp_tunnel"}));
}

TEST_F(SimulatedKernelFile, StagedJsonIsTheKernel) {
    stage({{"modules",
            {{{"name", "fuse"}, {"size", 176128}, {"users", 2}, {"depends", Names{}},
              {"parameters", {{"max_user_bgreq", "1"}}}, {"state", "live"},
              {"taint", "OE"}, {"signed", true}},
             {{"name", "dummy"}, {"state", "coming"}}}},
           {"fail_insert", {{"udp_tunnel", ENODEV}}},
           {"fail_remove", {{"dummy", EPERM}}},
           {"tainted", 12288},
           {"sig_enforce", true}});
    const Snapshot snapshot = kernel().snapshot();
    ASSERT_EQ(snapshot.size(), 2u);
    EXPECT_EQ(snapshot[0].refcount, 2);
    EXPECT_EQ(snapshot[0].size, 176128u);
    EXPECT_EQ(kernel().parameters("fuse").at("max_user_bgreq"), "1");
    EXPECT_EQ(snapshot[1].state, "coming");
    EXPECT_EQ(snapshot[0].taint, "OE");
    EXPECT_TRUE(snapshot[0].signature_verified);
    EXPECT_EQ(snapshot[1].taint, "");
    EXPECT_FALSE(snapshot[1].signature_verified);
    EXPECT_EQ(kernel().remove("fuse"), -EWOULDBLOCK);
    EXPECT_EQ(kernel().remove("dummy"), -EPERM);
    EXPECT_EQ(insert("udp_tunnel"), -ENODEV);
    EXPECT_EQ(module_names(kernel().snapshot()), (Names{"fuse", "dummy"}));
    EXPECT_EQ(kernel().status().tainted, 12288u);
    EXPECT_FALSE(kernel().status().modules_disabled);
    EXPECT_TRUE(kernel().status().signatures_enforced);
    EXPECT_EQ(kernel().status().lockdown, "");
}

TEST_F(SimulatedKernelFile, SlowInsertDoesNotBlockOthers) {
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

TEST_F(SimulatedKernelFile, CorruptStateIsAnError) {
    std::ofstream(state_file_) << "{ not json";
    EXPECT_THROW(kernel().snapshot(), ModuleError);
}

} // namespace
} // namespace modmgr
