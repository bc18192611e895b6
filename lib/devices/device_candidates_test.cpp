#include "devices/device_candidates.h"

#include <gtest/gtest.h>

#include "lookup/kmod_context.h"
#include "support/scratch_dir.h"
#include "support/test_kernel_tree.h"

namespace modmgr {
namespace {

const char kE1000eAlias[] = "pci:v00008086d000010D3sv00008086sd0000A01Fbc02sc00i00";

TEST(DeviceCandidates, TheModulesTheModaliasMatchesEachMarkedBlacklistedOrNot) {
    ScratchDir config;
    KmodContext kmod(KmodSettings{test_modules_dir(), {config.path()}});
    const auto candidates = candidates_for(kmod.get(), kE1000eAlias);
    ASSERT_EQ(candidates.size(), 1u);
    EXPECT_EQ(candidates[0].module, "e1000e");
    EXPECT_FALSE(candidates[0].blacklisted);
    EXPECT_FALSE(candidates[0].masked);

    config.write("blacklist.conf", "blacklist e1000e\n");
    const auto blacklisted = candidates_for(kmod.get(), kE1000eAlias);
    ASSERT_EQ(blacklisted.size(), 1u);
    EXPECT_TRUE(blacklisted[0].blacklisted);
}

TEST(DeviceCandidates, NoneForAModaliasNoModuleMatchesOrThatIsNoName) {
    ScratchDir config;
    KmodContext kmod(KmodSettings{test_modules_dir(), {config.path()}});
    EXPECT_TRUE(candidates_for(kmod.get(), "pci:v0000FFFFd0000FFFFsv0sd0bc0sc0i0").empty());
    EXPECT_TRUE(candidates_for(kmod.get(), "platform:Fixed MDIO bus").empty());
    EXPECT_TRUE(candidates_for(kmod.get(), "").empty());
}

} // namespace
} // namespace modmgr
