#include "lsmod_format.h"

#include <gtest/gtest.h>

namespace modmgr {
namespace {

std::string format_lsmod(const std::vector<ModuleListEntry>& modules) {
    return render_listing(lsmod_listing(modules, {}), true, {});
}

TEST(LsmodFormat, EmptyListIsOnlyTheHeader) {
    EXPECT_EQ(format_lsmod({}), "Module                  Size  Used by\n");
}

TEST(LsmodFormat, MatchesLsmodLinesByteForByte) {
    // Lines copied from lsmod (kmod 30) on a Debian 12 machine.
    const std::vector<ModuleListEntry> modules{
        {"vxlan", 98304, 0, {}, "live"},
        {"ip6_udp_tunnel", 16384, 1, {"vxlan"}, "live"},
        {"snd_hda_codec", 184320, 4, {"snd_hda_codec_generic", "snd_hda_codec_hdmi", "snd_hda_intel"}, "live"},
    };
    EXPECT_EQ(format_lsmod(modules),
              "Module                  Size  Used by\n"
              "vxlan                  98304  0\n"
              "ip6_udp_tunnel         16384  1 vxlan\n"
              "snd_hda_codec         184320  4 snd_hda_codec_generic,snd_hda_codec_hdmi,snd_hda_intel\n");
}

TEST(LsmodFormat, MissingRefcountPrintsDash) {
    EXPECT_EQ(format_lsmod({{"e1000e", 327680, -1, {}, "live"}}),
              "Module                  Size  Used by\n"
              "e1000e                327680  -\n");
}

TEST(LsmodFormat, LongNamesPushColumnsRightLikeLsmod) {
    EXPECT_EQ(format_lsmod({{"a_module_name_longer_than_19", 4096, 2, {}, "live"}}),
              "Module                  Size  Used by\n"
              "a_module_name_longer_than_19     4096  2\n");
}

TEST(LsmodFormat, NoLegendLeavesOnlyTheRows) {
    EXPECT_EQ(render_listing(lsmod_listing({{"dummy", 16384, 0, {}, "live"}}, {}), false, {}),
              "dummy                  16384  0\n");
}

TEST(LsmodFormat, OnATerminalTheHeadingIsUnderlinedAndAModuleInTransitionHighlighted) {
    const TerminalStyle colour(true, false);
    const auto text = render_listing(
        lsmod_listing({{"dummy", 16384, 0, {}, "live"}, {"vxlan", 98304, 0, {}, "coming"}}, colour),
        true, colour);
    EXPECT_EQ(text,
              "\x1b[4mModule                  Size  Used by\x1b[0m\n"
              "dummy                  16384  0\n"
              "\x1b[1;33mvxlan\x1b[0m                  98304  0\n");
}

} // namespace
} // namespace modmgr
