#include "calls/caller_capabilities.h"

#include <gtest/gtest.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace modmgr {
namespace {

constexpr const char* kStatus =
    "Name:\tmodprobe\nUmask:\t0022\nState:\tR (running)\nPid:\t42\n"
    "Uid:\t1000\t0\t0\t0\nGid:\t0\t0\t0\t0\n"
    "CapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\n"
    "CapEff:\t000001fffffeffff\nCapBnd:\t000001ffffffffff\n";

TEST(CallerCapabilitiesTest, ReadsTheEffectiveSetAndTheEffectiveUid) {
    const auto caps = parse_process_status(kStatus);
    ASSERT_TRUE(caps);
    EXPECT_EQ(caps->effective, 0x000001fffffeffffULL);
    EXPECT_EQ(caps->effective_uid, 0u);
    EXPECT_FALSE((caps->effective >> CAP_SYS_MODULE) & 1);
}

TEST(CallerCapabilitiesTest, AStatusWithoutCapabilitiesOrUidIsUnreadable) {
    EXPECT_FALSE(parse_process_status("Name:\tx\nUid:\t0\t0\t0\t0\n"));
    EXPECT_FALSE(parse_process_status("CapEff:\t0000000000010000\n"));
    EXPECT_FALSE(parse_process_status("CapEff:\tzz\nUid:\t0\t0\t0\t0\n"));
    EXPECT_FALSE(parse_process_status("CapEff:\t0\nUid:\t0\n"));
}

// A root child that drops the capability from its bounding set and re-executes: as root, exec
// recomputes the effective set from the bounding set.
TEST(CallerCapabilitiesTest, SeesACapabilityARootProcessDropped) {
    if (geteuid() != 0 || !process_has_capability(getpid(), CAP_SYS_MODULE))
        GTEST_SKIP() << "needs root with CAP_SYS_MODULE";
    const pid_t child = fork();
    if (child == 0) {
        prctl(PR_CAPBSET_DROP, CAP_SYS_MODULE, 0, 0, 0);
        execl("/bin/sleep", "sleep", "30", nullptr);
        _exit(127);
    }
    bool dropped = false;
    for (int i = 0; i < 250 && !dropped; ++i) {
        dropped = !process_has_capability(child, CAP_SYS_MODULE);
        if (!dropped)
            usleep(20000);
    }
    EXPECT_TRUE(dropped);
    EXPECT_TRUE(process_has_capability(getpid(), CAP_SYS_MODULE));
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    EXPECT_FALSE(process_has_capability(child, CAP_SYS_MODULE)) << "a process that is gone";
}

} // namespace
} // namespace modmgr
