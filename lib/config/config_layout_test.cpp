#include "config/config_layout.h"

#include <gtest/gtest.h>

namespace modmgr {
namespace {

using Strings = std::vector<std::string>;

TEST(ConfigLayout, ThisSystemsLayout) {
    for (const std::string root : {"", "/"}) {
        const ConfigLayout layout = ConfigLayout::under(root);
        EXPECT_EQ(layout.modprobe_paths, (Strings{"/etc/modprobe.d", "/run/modprobe.d",
                                                  "/usr/local/lib/modprobe.d", "/lib/modprobe.d"}));
        EXPECT_EQ(layout.modules_load_paths,
                  (Strings{"/etc/modules-load.d", "/run/modules-load.d", "/usr/local/lib/modules-load.d",
                           "/usr/lib/modules-load.d", "/lib/modules-load.d"}));
        EXPECT_EQ(layout.kernel_cmdline, "/proc/cmdline");
        EXPECT_EQ(layout.owned_modprobe_file, "/etc/modprobe.d/zz-modmgr.conf");
        EXPECT_EQ(layout.owned_modules_load_file, "/etc/modules-load.d/zz-modmgr.conf");
    }
}

TEST(ConfigLayout, EverythingMovesUnderAnotherRoot) {
    const ConfigLayout layout = ConfigLayout::under("/tmp/root");
    EXPECT_EQ(layout.modprobe_paths.front(), "/tmp/root/etc/modprobe.d");
    EXPECT_EQ(layout.modprobe_paths.back(), "/tmp/root/lib/modprobe.d");
    EXPECT_EQ(layout.modules_load_paths.front(), "/tmp/root/etc/modules-load.d");
    EXPECT_EQ(layout.modules_load_paths.back(), "/tmp/root/lib/modules-load.d");
    EXPECT_EQ(layout.kernel_cmdline, "/tmp/root/proc/cmdline");
    EXPECT_EQ(layout.owned_modprobe_file, "/tmp/root/etc/modprobe.d/zz-modmgr.conf");
    EXPECT_EQ(layout.owned_modules_load_file, "/tmp/root/etc/modules-load.d/zz-modmgr.conf");
}

TEST(ConfigLayout, ModprobePathsCanBeGivenLikeLibkmodsConfigPaths) {
    const ConfigLayout layout = ConfigLayout::under("/tmp/root", {"/a", "/b/x.conf"});
    EXPECT_EQ(layout.modprobe_paths, (Strings{"/a", "/b/x.conf"}));
    EXPECT_EQ(layout.modules_load_paths.front(), "/tmp/root/etc/modules-load.d");
    EXPECT_EQ(layout.owned_modprobe_file, "/tmp/root/etc/modprobe.d/zz-modmgr.conf");
}

} // namespace
} // namespace modmgr
