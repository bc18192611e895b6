#include "module_changes_format.h"

#include <gtest/gtest.h>

namespace modmgr {
namespace {

TEST(ModuleChangesFormat, OneLinePerModuleInOrder) {
    EXPECT_EQ(format_inserted({"udp_tunnel", "vxlan"}, false),
              "inserted udp_tunnel\ninserted vxlan\n");
    EXPECT_EQ(format_removed({"vxlan", "udp_tunnel"}, false), "removed vxlan\nremoved udp_tunnel\n");
}

TEST(ModuleChangesFormat, DryRunSaysWhatWouldHappen) {
    EXPECT_EQ(format_inserted({"dummy"}, true), "would insert dummy\n");
    EXPECT_EQ(format_removed({"dummy"}, true), "would remove dummy\n");
}

TEST(ModuleChangesFormat, NothingChangedPrintsNothing) {
    EXPECT_EQ(format_inserted({}, false), "");
    EXPECT_EQ(format_removed({}, true), "");
}

TEST(ModuleChangesFormat, EachWarningIsOneLineNamingModctl) {
    EXPECT_EQ(format_warnings({"softdep ifb has no module file: skipped", "softdep x not loaded: y"}),
              "modctl: warning: softdep ifb has no module file: skipped\n"
              "modctl: warning: softdep x not loaded: y\n");
    EXPECT_EQ(format_warnings({}), "");
}

} // namespace
} // namespace modmgr
