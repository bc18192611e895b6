#include "modprobe_config.h"

#include <gtest/gtest.h>

#include "scratch_dir.h"

namespace modmgr {
namespace {

std::vector<std::string> places(const std::vector<ConfigLine>& lines) {
    std::vector<std::string> result;
    for (const auto& line : lines)
        result.push_back(line.file + ":" + std::to_string(line.line) + " " + line.text);
    return result;
}

TEST(ModprobeConfig, FindsTheFileAndLineOfABlacklistEntry) {
    ScratchDir dir;
    const std::string conf = dir.write("etc/test.conf",
                                       "# a comment naming dummy\n"
                                       "options dummy numdummies=2\n"
                                       "blacklist dummy\n"
                                       "blacklist ifb\n");
    const auto found = find_config_lines({dir.file("etc")}, "blacklist", "dummy", "");
    EXPECT_EQ(places(found), std::vector<std::string>{conf + ":3 blacklist dummy"});
}

TEST(ModprobeConfig, DashAndUnderscoreAreTheSameInModuleNames) {
    ScratchDir dir;
    const std::string conf = dir.write("d/a.conf", "blacklist nf-conntrack\noptions nf_conntrack x=1\n");
    EXPECT_EQ(places(find_config_lines({dir.file("d")}, "blacklist", "nf_conntrack", "")),
              std::vector<std::string>{conf + ":1 blacklist nf-conntrack"});
    EXPECT_EQ(places(find_config_lines({dir.file("d")}, "options", "nf-conntrack", "")),
              std::vector<std::string>{conf + ":2 options nf_conntrack x=1"});
}

TEST(ModprobeConfig, JoinsContinuationLinesAndReportsWhereTheyStart) {
    ScratchDir dir;
    const std::string conf = dir.write("d/a.conf", "\n\ninstall dummy /bin/true \\\n  --flag\n");
    EXPECT_EQ(places(find_config_lines({dir.file("d")}, "install", "dummy", "")),
              std::vector<std::string>{conf + ":3 install dummy /bin/true   --flag"});
}

TEST(ModprobeConfig, FollowsLibkmodFileOrderAndHiding) {
    ScratchDir dir;
    const std::string first_b = dir.write("first/b.conf", "blacklist dummy\n");
    dir.write("second/b.conf", "blacklist dummy\n"); // hidden by first/b.conf
    const std::string second_a = dir.write("second/a.conf", "blacklist dummy\n");
    dir.write("second/c.txt", "blacklist dummy\n");     // not a .conf file
    dir.write("second/.hidden.conf", "blacklist dummy\n");
    const std::string single = dir.write("single/z.conf", "blacklist dummy\n");
    const auto found = find_config_lines(
        {dir.file("first"), dir.file("second"), single, dir.file("missing")}, "blacklist", "dummy", "");
    EXPECT_EQ(places(found), (std::vector<std::string>{second_a + ":1 blacklist dummy",
                                                       first_b + ":1 blacklist dummy",
                                                       single + ":1 blacklist dummy"}));
}

TEST(ModprobeConfig, ReadsTheKernelCommandLine) {
    const std::string cmdline =
        "quiet modprobe.blacklist=ifb,nf-conntrack dummy.numdummies=4 foo=\"dummy.x=1 y\" "
        "dummy.name=\"a b\" -- dummy.after=init";
    EXPECT_EQ(places(find_config_lines({}, "blacklist", "nf_conntrack", cmdline)),
              std::vector<std::string>{"/proc/cmdline:0 modprobe.blacklist=ifb,nf-conntrack"});
    EXPECT_EQ(places(find_config_lines({}, "options", "dummy", cmdline)),
              (std::vector<std::string>{"/proc/cmdline:0 dummy.numdummies=4",
                                        "/proc/cmdline:0 dummy.name=\"a b\""}));
    EXPECT_TRUE(find_config_lines({}, "install", "dummy", cmdline).empty());
    EXPECT_TRUE(find_config_lines({}, "blacklist", "dummy", cmdline).empty());
}

TEST(ModprobeConfig, OtherKeywordsAndModulesDoNotMatch) {
    ScratchDir dir;
    dir.write("d/a.conf", "options dummy2 x=1\nalias dummy ifb\nblacklist\n#blacklist dummy\n");
    EXPECT_TRUE(find_config_lines({dir.file("d")}, "blacklist", "dummy", "").empty());
    EXPECT_TRUE(find_config_lines({dir.file("d")}, "options", "dummy", "").empty());
}

} // namespace
} // namespace modmgr
