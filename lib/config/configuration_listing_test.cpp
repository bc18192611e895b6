#include "config/configuration_listing.h"

#include <gtest/gtest.h>

#include "support/scratch_dir.h"

namespace modmgr {
namespace {

using Strings = std::vector<std::string>;

Strings described(const ConfigurationListing& listing) {
    Strings rows;
    for (const auto& entry : listing.entries)
        rows.push_back(entry.module + " " + entry.source.kind + " " + entry.source.file + ":" +
                       std::to_string(entry.source.line) + " " + entry.source.text +
                       (entry.source.managed ? " (managed)" : ""));
    return rows;
}

class ConfigurationListingTest : public ::testing::Test {
protected:
    std::string write(const std::string& relative, const std::string& text) {
        return root_.write(relative, text);
    }
    ConfigurationListing listed(const ListingLimits& limits = {}) {
        return list_configuration(ConfigIndex::read(layout_), limits);
    }

    ScratchDir root_;
    ConfigLayout layout_ = ConfigLayout::under(root_.path());
};

TEST_F(ConfigurationListingTest, EveryBlacklistMaskOptionsAndLoadLineInReadingOrder) {
    const std::string lib = write("lib/modprobe.d/a.conf",
                                  "alias my-net dummy\nblacklist pcspkr\nsoftdep vxlan pre: dummy\n");
    const std::string etc = write("etc/modprobe.d/b.conf", "options dummy numdummies=2\n"
                                                           "install fuse /bin/true\n");
    const std::string owned = write("etc/modprobe.d/zz-modmgr.conf", "blacklist e1000e\n");
    const std::string load = write("etc/modules-load.d/net.conf", "# bridge\nvxlan\nmac-vlan\n");
    const std::string cmdline = write("proc/cmdline", "quiet module_blacklist=fuse dummy.x=1\n");
    EXPECT_EQ(described(listed()), (Strings{
        "pcspkr blacklist " + lib + ":2 blacklist pcspkr",
        "dummy options " + etc + ":1 options dummy numdummies=2",
        "fuse mask " + etc + ":2 install fuse /bin/true",
        "e1000e blacklist " + owned + ":1 blacklist e1000e (managed)",
        "vxlan load " + load + ":2 vxlan",
        "mac_vlan load " + load + ":3 mac-vlan",
        "dummy options " + cmdline + ":0 dummy.x=1",
        "fuse blacklist " + cmdline + ":0 module_blacklist=fuse",
    }));
    EXPECT_FALSE(listed().truncated);
}

TEST_F(ConfigurationListingTest, NothingConfiguredListsNothing) {
    const auto listing = listed();
    EXPECT_TRUE(listing.entries.empty());
    EXPECT_FALSE(listing.truncated);
}

TEST_F(ConfigurationListingTest, EntriesPastTheCountAreLeftOutAndSaidSo) {
    std::string text;
    for (int i = 0; i < 10; ++i)
        text += "blacklist m" + std::to_string(i) + "\n";
    write("etc/modprobe.d/many.conf", text);
    ListingLimits limits;
    limits.max_entries = 4;
    const auto listing = listed(limits);
    ASSERT_EQ(listing.entries.size(), 4u);
    EXPECT_EQ(listing.entries.back().module, "m3");
    EXPECT_TRUE(listing.truncated);
}

TEST_F(ConfigurationListingTest, EntriesPastTheBytesAreLeftOut) {
    write("etc/modprobe.d/many.conf", "blacklist a\nblacklist b\nblacklist c\n");
    const auto first = listed().entries.front();
    ListingLimits limits;
    limits.max_bytes = 2 * (first.module.size() + first.source.kind.size() +
                            first.source.file.size() + first.source.text.size());
    const auto listing = listed(limits);
    EXPECT_EQ(listing.entries.size(), 2u);
    EXPECT_TRUE(listing.truncated);
}

TEST_F(ConfigurationListingTest, AHugeLineIsCutAtACharacterAndHidesNothingAfterIt) {
    write("etc/modprobe.d/a.conf", "options dummy x=\xc3\xa9\xc3\xa9\xc3\xa9\nblacklist pcspkr\n");
    ListingLimits limits;
    limits.max_text = std::string("options dummy x=\xc3\xa9").size() + 1;
    const auto listing = listed(limits);
    ASSERT_EQ(listing.entries.size(), 2u);
    EXPECT_EQ(listing.entries[0].source.text, "options dummy x=\xc3\xa9");
    EXPECT_EQ(listing.entries[1].module, "pcspkr");
    EXPECT_TRUE(listing.truncated);
}

} // namespace
} // namespace modmgr
