#include "kernel/operation_records.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "base/module_error.h"
#include "support/live_module_for_test.h"
#include "support/scratch_dir.h"

namespace modmgr {
namespace {

const KernelOperation kVxlan{"load", "vxlan", 1000, {"udp_tunnel", "ip6_udp_tunnel", "vxlan"}};

size_t files_in(const std::string& directory) {
    size_t count = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(directory))
        ++count;
    return count;
}

TEST(OperationRecordsTest, ARecordLivesExactlyAsLongAsItsOperation) {
    ScratchDir run;
    OperationRecords records(run.path());
    {
        const auto in_progress = records.begin(kVxlan);
        EXPECT_EQ(files_in(run.path()), 1u);
    }
    EXPECT_EQ(files_in(run.path()), 0u);
    EXPECT_TRUE(records.take_interrupted().empty());
}

// A modmgrd killed midway: its process ends without running any destructor.
TEST(OperationRecordsTest, WhatAKilledModmgrdLeftIsFoundOnceAndThenGone) {
    ScratchDir run;
    const pid_t killed = fork();
    if (killed == 0) {
        OperationRecords records(run.path());
        const auto in_progress = records.begin(kVxlan);
        const auto second = records.begin({"unload", "dummy", -1, {"dummy"}});
        _exit(0);
    }
    waitpid(killed, nullptr, 0);
    OperationRecords records(run.path());
    const auto interrupted = records.take_interrupted();
    ASSERT_EQ(interrupted.size(), 2u);
    EXPECT_EQ(interrupted[0], kVxlan);
    EXPECT_EQ(interrupted[1], (KernelOperation{"unload", "dummy", -1, {"dummy"}}));
    EXPECT_EQ(files_in(run.path()), 0u);
    EXPECT_TRUE(records.take_interrupted().empty());
}

TEST(OperationRecordsTest, UnreadableRecordsAreRemovedAndSkipped) {
    ScratchDir run;
    run.write("1-000000000001.operation", "not a record\n");
    run.write("2-000000000001.operation", std::string(100 * 1024, 'x'));
    run.write("unrelated", "kept\n");
    OperationRecords records(run.path());
    EXPECT_TRUE(records.take_interrupted().empty());
    EXPECT_EQ(files_in(run.path()), 1u);
}

TEST(OperationRecordsTest, NoDirectoryNoRecordsAndAnUnwritableOneIsAnError) {
    OperationRecords none("");
    EXPECT_NO_THROW(none.begin(kVxlan));
    EXPECT_TRUE(none.take_interrupted().empty());
    ScratchDir run;
    run.write("not-a-directory", "");
    OperationRecords broken(run.file("not-a-directory"));
    EXPECT_THROW(broken.begin(kVxlan), ModuleError);
}

TEST(OperationRecordsTest, TheReportSaysWhatIsLoadedNowAndWhatIsNot) {
    const Snapshot loaded = {live_module("ip6_udp_tunnel"), live_module("udp_tunnel")};
    EXPECT_EQ(describe_interrupted(kVxlan, loaded),
              "modmgrd stopped in the middle of loading vxlan for uid 1000 (to insert: "
              "udp_tunnel, ip6_udp_tunnel, vxlan); now loaded: udp_tunnel, ip6_udp_tunnel; "
              "not loaded: vxlan");
    EXPECT_EQ(describe_interrupted({"unload", "dummy", -1, {"dummy"}}, {}),
              "modmgrd stopped in the middle of unloading dummy (to remove: dummy); now loaded: "
              "none of them; not loaded: dummy");
}

} // namespace
} // namespace modmgr
