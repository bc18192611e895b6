#include "config_format.h"

#include <gtest/gtest.h>

namespace modmgr {
namespace {

using Sources = std::vector<ConfigSourceEntry>;

TEST(ConfigFormat, ShowsTheConfigurationAndAlignedSources) {
    DecodedDictionary configuration{
        {"name", std::string_view("dummy")},
        {"blacklisted", false},
        {"masked", false},
        {"options", std::vector<std::string_view>{"numdummies=2", "numdummies=3"}},
        {"load_at_boot", true},
        {"config_sources",
         Sources{{"options", "/etc/modprobe.d/local.conf", 12, "options dummy numdummies=2", false},
                 {"options", "/etc/modprobe.d/zz-modmgr.conf", 4, "options dummy numdummies=3", true},
                 {"load", "/etc/modules-load.d/zz-modmgr.conf", 3, "dummy", true}}},
    };
    EXPECT_EQ(format_configuration(configuration),
              "dummy\n"
              "  blacklisted:   no\n"
              "  masked:        no\n"
              "  options:       numdummies=2 numdummies=3\n"
              "  load at boot:  yes\n"
              "  sources:\n"
              "    options  /etc/modprobe.d/local.conf:12         options dummy numdummies=2\n"
              "    options  /etc/modprobe.d/zz-modmgr.conf:4      options dummy numdummies=3  (modmgrd)\n"
              "    load     /etc/modules-load.d/zz-modmgr.conf:3  dummy                       (modmgrd)\n");
}

TEST(ConfigFormat, NothingConfigured) {
    DecodedDictionary configuration{
        {"name", std::string_view("vxlan")},
        {"blacklisted", false},
        {"masked", false},
        {"options", std::vector<std::string_view>{}},
        {"load_at_boot", false},
        {"config_sources", Sources{}},
    };
    EXPECT_EQ(format_configuration(configuration),
              "vxlan\n"
              "  blacklisted:   no\n"
              "  masked:        no\n"
              "  options:       (none)\n"
              "  load at boot:  no\n"
              "  sources:       (none)\n");
}

TEST(ConfigFormat, KernelCommandLineWordsHaveNoLineNumber) {
    const std::vector<ConfigSourceEntry> sources{
        {"blacklist", "/proc/cmdline", 0, "module_blacklist=dummy", false},
        {"blacklist", "/etc/modprobe.d/zz-modmgr.conf", 2, "blacklist dummy", true}};
    EXPECT_EQ(config_source_rows(sources),
              (std::vector<std::string>{
                  "blacklist  /proc/cmdline                     module_blacklist=dummy",
                  "blacklist  /etc/modprobe.d/zz-modmgr.conf:2  blacklist dummy         (modmgrd)"}));
}

TEST(ConfigFormat, AMaskShowsWithItsLines) {
    DecodedDictionary configuration{
        {"name", std::string_view("udp_tunnel")},
        {"blacklisted", true},
        {"masked", true},
        {"options", std::vector<std::string_view>{}},
        {"load_at_boot", false},
        {"config_sources",
         Sources{{"blacklist", "/etc/modprobe.d/zz-modmgr.conf", 4, "blacklist udp_tunnel", true},
                 {"mask", "/etc/modprobe.d/zz-modmgr.conf", 5, "install udp_tunnel /bin/false", true}}},
    };
    EXPECT_EQ(format_configuration(configuration),
              "udp_tunnel\n"
              "  blacklisted:   yes\n"
              "  masked:        yes\n"
              "  options:       (none)\n"
              "  load at boot:  no\n"
              "  sources:\n"
              "    blacklist  /etc/modprobe.d/zz-modmgr.conf:4  blacklist udp_tunnel           (modmgrd)\n"
              "    mask       /etc/modprobe.d/zz-modmgr.conf:5  install udp_tunnel /bin/false  (modmgrd)\n");
}

TEST(ConfigFormat, NoRowsWithoutSources) {
    EXPECT_TRUE(config_source_rows({}).empty());
}

} // namespace
} // namespace modmgr
