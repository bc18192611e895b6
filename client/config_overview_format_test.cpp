#include "config_overview_format.h"

#include <gtest/gtest.h>

namespace modmgr {
namespace {

std::string format_config_overview(const ConfigOverview& overview, bool with_legend = true) {
    return render_listing(config_overview_listing(overview), with_legend, {});
}

TEST(ConfigOverviewFormat, AlignedRowsThenTheLegend) {
    const ConfigOverview overview{
        {},
        {{"pcspkr", {"blacklist", "/lib/modprobe.d/pcspkr.conf", 2, "blacklist pcspkr", false}},
         {"dummy", {"options", "/etc/modprobe.d/zz-modmgr.conf", 4, "options dummy numdummies=3", true}},
         {"e1000e", {"blacklist", "/proc/cmdline", 0, "module_blacklist=e1000e", false}}},
        false};
    EXPECT_EQ(format_config_overview(overview),
              "MODULE  KIND       MANAGED  SOURCE                            TEXT\n"
              "pcspkr  blacklist  no       /lib/modprobe.d/pcspkr.conf:2     blacklist pcspkr\n"
              "dummy   options    yes      /etc/modprobe.d/zz-modmgr.conf:4  options dummy numdummies=3\n"
              "e1000e  blacklist  no       /proc/cmdline                     module_blacklist=e1000e\n"
              "\n"
              "3 entries listed.\n");
}

TEST(ConfigOverviewFormat, WithoutTheLegendTheRowsAlone) {
    const ConfigOverview overview{{}, {{"dummy", {"load", "/etc/modules-load.d/a.conf", 1, "dummy", false}}},
                                  false};
    EXPECT_EQ(format_config_overview(overview, false), "dummy   load  no       /etc/modules-load.d/a.conf:1  dummy\n");
    EXPECT_EQ(format_config_overview({}, false), "");
}

TEST(ConfigOverviewFormat, NothingInEffectIsTheLegendAlone) {
    EXPECT_EQ(format_config_overview({}), "0 entries listed.\n");
}

TEST(ConfigOverviewFormat, ACutAnswerSaysSo) {
    const ConfigOverview overview{{}, {{"dummy", {"load", "/etc/modules-load.d/a.conf", 1, "dummy", false}}},
                                  true};
    const std::string text = format_config_overview(overview);
    EXPECT_NE(text.find("\n1 entry listed (modmgrd cut its answer short: more lines are in effect).\n"),
              std::string::npos)
        << text;
}

} // namespace
} // namespace modmgr
