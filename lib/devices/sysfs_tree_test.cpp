#include "devices/sysfs_tree.h"

#include <gtest/gtest.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstddef>
#include <functional>

#include "support/fake_sysfs.h"

namespace modmgr {
namespace {

// Runs `check` in a child whose openat2 fails with ENOSYS, as systemd's RestrictSUIDSGID=
// makes it fail for modmgrd.service; true when `check` returned true there.
bool without_openat2(const std::function<bool()>& check) {
    const pid_t child = ::fork();
    if (child == 0) {
        sock_filter filter[] = {
            BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat2, 0, 1),
            BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
            BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        };
        sock_fprog program{static_cast<unsigned short>(sizeof filter / sizeof filter[0]), filter};
        if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
            ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) != 0)
            ::_exit(2);
        ::_exit(check() ? 0 : 1);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

bool reads_inside_and_nothing_outside(const FakeSysfs& sysfs) {
    const SysfsTree tree(sysfs.root());
    const SysfsDirectory device = tree.directory("bus/pci/devices/0000:00:03.0");
    return device.attribute("modalias") == std::optional<std::string>("pci:v1\n") &&
           device.link_name("driver") == "e1000e" &&
           tree.directory("module/e1000e/drivers/pci:e1000e") &&
           !tree.directory("bus/pci/devices/absolute") &&
           !tree.directory("bus/pci/devices/climbing") &&
           !tree.directory("bus/pci/devices/linked-alias").attribute("modalias") &&
           !tree.directory("../..") && !tree.directory("/etc");
}

class SysfsTreeTest : public ::testing::Test {
protected:
    SysfsTreeTest() {
        sysfs_.add_device("pci", "0000:00:03.0", "pci:v1");
        sysfs_.bind("pci", "0000:00:03.0", "e1000e", "e1000e");
        outside_.write("devices/platform/secret/modalias", "pci:secret\n");
        sysfs_.link(outside_.root() + "/devices/platform/secret", "bus/pci/devices/absolute");
        sysfs_.link("../../../../" + outside_.root().substr(outside_.root().rfind('/') + 1) +
                        "/devices/platform/secret",
                    "bus/pci/devices/climbing");
        sysfs_.add_device("pci", "linked-alias", "");
        sysfs_.link("../../../../" + outside_.root().substr(outside_.root().rfind('/') + 1) +
                        "/devices/platform/secret/modalias",
                    "devices/platform/linked-alias/modalias");
    }
    FakeSysfs outside_;
    FakeSysfs sysfs_;
};

TEST_F(SysfsTreeTest, SymlinksAreFollowedOnlyWhileTheyStayInTheTree) {
    EXPECT_TRUE(reads_inside_and_nothing_outside(sysfs_));
}

TEST_F(SysfsTreeTest, TheSameWhereOpenat2IsRefusedAsUnderSystemd) {
    EXPECT_TRUE(without_openat2([this] { return reads_inside_and_nothing_outside(sysfs_); }));
}

} // namespace
} // namespace modmgr
