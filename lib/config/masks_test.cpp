#include "config/masks.h"

#include <gtest/gtest.h>

#include "base/module_error.h"
#include "support/scratch_dir.h"

namespace modmgr {
namespace {

TEST(Masks, OnlyACommandThatDoesNothingButFailOrSucceedIsAMask) {
    for (const char* command : {"/bin/false", "/bin/true", "/usr/bin/false", "/usr/bin/true",
                                "false", "true", "  /bin/false\t"})
        EXPECT_TRUE(is_mask_command(command)) << command;
    // Anything more may load the module after all (the classic wrapper runs modprobe again).
    for (const char* command : {"", " ", "/bin/false --now", "/bin/true; modprobe x",
                                "/sbin/modprobe --ignore-install x", "/tmp/false", "falsey"})
        EXPECT_FALSE(is_mask_command(command)) << command;
    EXPECT_TRUE(is_managed_mask_command(" /bin/false "));
    EXPECT_FALSE(is_managed_mask_command("/bin/true"));
}

TEST(Masks, ARefusalNamesEachMaskedModuleAndItsLines) {
    ScratchDir root;
    const ConfigLayout layout = ConfigLayout::under(root.path());
    const std::string a = root.write("etc/modprobe.d/a.conf", "install udp_tunnel /bin/true\n");
    const std::string owned = root.write("etc/modprobe.d/zz-modmgr.conf",
                                         "blacklist udp_tunnel\ninstall udp_tunnel /bin/false\n");
    const ConfigIndex index = ConfigIndex::read(layout);
    EXPECT_NO_THROW(refuse_masked(index, {"vxlan", "ip6_udp_tunnel"}, "vxlan"));
    try {
        refuse_masked(index, {"udp_tunnel", "ip6_udp_tunnel", "vxlan"}, "vxlan");
        FAIL() << "not refused";
    } catch (const ModuleError& error) {
        EXPECT_EQ(error.code(), ErrorCode::Masked);
        EXPECT_STREQ(error.what(), ("cannot load vxlan: udp_tunnel is masked by " + a + ":1, " +
                                    owned + ":2").c_str());
    }
}

} // namespace
} // namespace modmgr
