#include "kernel/sys_kernel.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <string>

#include "support/scratch_dir.h"

namespace modmgr {
namespace {

// As the kernel lays out /sys/module/NAME/parameters: one file per parameter, its mode the
// module_param permission.
TEST(SysKernelTest, OnlyParametersEveryUserMayReadArePublished) {
    ScratchDir parameters;
    const std::pair<const char*, mode_t> files[] = {
        {"numdummies", 0444}, {"debug", 0644}, {"secret_key", 0400}, {"token", 0600}, {"trigger", 0200}};
    for (const auto& [name, mode] : files) {
        parameters.write(name, std::string(name) + "-value\n");
        chmod(parameters.file(name).c_str(), mode);
    }
    EXPECT_EQ(world_readable_parameters(parameters.path()),
              (std::map<std::string, std::string>{{"debug", "debug-value"}, {"numdummies", "numdummies-value"}}));
    EXPECT_TRUE(world_readable_parameters(parameters.file("gone")).empty());
}

// modmgrd re-reads every parameter of every module every few seconds and keeps the values:
// each must cost what it says, not the size of the buffer it was read with.
TEST(SysKernelTest, ValuesAreKeptAtTheirOwnSizeAndLongOnesAreReadWhole) {
    ScratchDir parameters;
    parameters.write("numdummies", "1\n");
    const std::string long_value(10000, 'x');
    parameters.write("long", long_value + "\n");
    const auto read = world_readable_parameters(parameters.path());
    EXPECT_EQ(read.at("numdummies"), "1");
    EXPECT_LT(read.at("numdummies").capacity(), 64u);
    EXPECT_EQ(read.at("long"), long_value);
    EXPECT_LT(read.at("long").capacity(), 2 * long_value.size());
}

// The running kernel's own files, whatever this machine has: a file it lacks is the default.
TEST(SysKernelTest, StatusIsWhatTheKernelsFilesSay) {
    const auto word = [](const char* path) {
        std::ifstream in(path);
        std::string first;
        in >> first;
        return first;
    };
    const KernelStatus status = SysKernel().status();
    const std::string tainted = word("/proc/sys/kernel/tainted");
    EXPECT_EQ(status.tainted, tainted.empty() ? 0 : std::stoull(tainted));
    EXPECT_EQ(status.modules_disabled, word("/proc/sys/kernel/modules_disabled") == "1");
    EXPECT_EQ(status.signatures_enforced, word("/sys/module/module/parameters/sig_enforce") == "Y");
}

TEST(SysKernelTest, LockdownIsTheModeInBrackets) {
    EXPECT_EQ(selected_lockdown("[none] integrity confidentiality\n"), "none");
    EXPECT_EQ(selected_lockdown("none [integrity] confidentiality\n"), "integrity");
    EXPECT_EQ(selected_lockdown("none integrity [confidentiality]\n"), "confidentiality");
    EXPECT_EQ(selected_lockdown(""), "");
    EXPECT_EQ(selected_lockdown("[none"), "");
}

// Every module /proc/modules lists, with the verdict the kernel's own files give.
TEST(SysKernelTest, SignatureVerdictIsNoUnsignedTaintOnAKernelThatChecks) {
    const bool checks = std::ifstream("/sys/module/module/parameters/sig_enforce").good();
    for (const auto& module : SysKernel().snapshot())
        EXPECT_EQ(module.signature_verified, checks && module.taint.find('E') == std::string::npos)
            << module.name;
}

} // namespace
} // namespace modmgr
