#include "status_format.h"

#include <gtest/gtest.h>

namespace modmgr {
namespace {

TEST(StatusFormat, CountsModulesOfModmgrdsFilesOnceEach) {
    const ConfigOverview overview{
        {},
        {{"pcspkr", {"blacklist", "/lib/modprobe.d/pcspkr.conf", 2, "blacklist pcspkr", false}},
         {"dummy", {"blacklist", "/etc/modprobe.d/zz-modmgr.conf", 3, "blacklist dummy", true}},
         {"udp_tunnel", {"blacklist", "/etc/modprobe.d/zz-modmgr.conf", 5, "blacklist udp_tunnel", true}},
         {"udp_tunnel", {"mask", "/etc/modprobe.d/zz-modmgr.conf", 6, "install udp_tunnel /bin/false", true}},
         {"dummy", {"options", "/etc/modprobe.d/zz-modmgr.conf", 4, "options dummy x=1", true}},
         {"vxlan", {"load", "/etc/modules-load.d/zz-modmgr.conf", 3, "vxlan", true}},
         {"dummy", {"load", "/etc/modules-load.d/zz-modmgr.conf", 4, "dummy", true}},
         {"dummy", {"load", "/etc/modules-load.d/local.conf", 1, "dummy", false}}},
        false};
    const ConfigCounts counts = count_configuration(overview);
    EXPECT_EQ(counts.blacklisted, 1u);
    EXPECT_EQ(counts.masked, 1u);
    EXPECT_EQ(counts.options, 1u);
    EXPECT_EQ(counts.load_at_boot, 2u);
    EXPECT_EQ(counts.entries, 8u);
    EXPECT_FALSE(counts.truncated);
}

TEST(StatusFormat, LabelsAlignedToTheRight) {
    SystemStatus status;
    status.version = "1.4.0";
    status.kernel_release = "6.1.0-18-amd64";
    status.loaded_count = 42;
    status.tainted = 12288;
    status.lockdown = "none";
    status.counts = {2, 1, 1, 3, 57, false};
    EXPECT_EQ(format_status(status),
              "        modmgrd: 1.4.0\n"
              " Kernel release: 6.1.0-18-amd64\n"
              " Loaded modules: 42\n"
              "        Tainted: G O E (12288)\n"
              " Module loading: enabled\n"
              "     Signatures: not enforced\n"
              "       Lockdown: none\n"
              "modmgrd's files: 2 blacklisted, 1 masked, 1 with options, 3 loaded at boot\n"
              "  Configuration: 57 entries in effect\n");
}

TEST(StatusFormat, LockedDownKernelAndCutCounts) {
    SystemStatus status;
    status.modules_disabled = true;
    status.signatures_enforced = true;
    status.counts = {0, 0, 0, 1, 1, true};
    const std::string text = format_status(status);
    EXPECT_NE(text.find("        Tainted: no\n"), std::string::npos) << text;
    EXPECT_NE(text.find(" Module loading: disabled until reboot (kernel.modules_disabled)\n"),
              std::string::npos) << text;
    EXPECT_NE(text.find("     Signatures: enforced (module.sig_enforce)\n"), std::string::npos) << text;
    EXPECT_NE(text.find("modmgrd's files: at least 0 blacklisted, at least 0 masked, "
                        "at least 0 with options, at least 1 loaded at boot\n"),
              std::string::npos) << text;
    EXPECT_NE(text.find("  Configuration: at least 1 entry in effect\n"), std::string::npos) << text;
    EXPECT_NE(text.find("       Lockdown: unknown (no /sys/kernel/security/lockdown)\n"),
              std::string::npos) << text;
}

// Lockdown's integrity mode refuses unsigned modules even when sig_enforce is off.
TEST(StatusFormat, LockdownEnforcesSignaturesToo) {
    SystemStatus status;
    status.lockdown = "integrity";
    const std::string text = format_status(status);
    EXPECT_NE(text.find("     Signatures: enforced (lockdown)\n"), std::string::npos) << text;
    EXPECT_NE(text.find("       Lockdown: integrity (only signed modules load)\n"),
              std::string::npos) << text;
}

} // namespace
} // namespace modmgr
