#include "closest_name.h"

#include <gtest/gtest.h>

namespace modmgr {
namespace {

const std::vector<std::string> kNames{"list", "info", "load", "unload", "blacklist",
                                      "unblacklist", "options", "enable", "disable", "config"};

TEST(ClosestName, ATypoFindsTheCommand) {
    EXPECT_EQ(closest_name("lod", kNames), "load");
    EXPECT_EQ(closest_name("lsit", kNames), "list");
    EXPECT_EQ(closest_name("unlaod", kNames), "unload");
    EXPECT_EQ(closest_name("blacklst", kNames), "blacklist");
    EXPECT_EQ(closest_name("confg", kNames), "config");
}

TEST(ClosestName, SomethingElseFindsNothing) {
    EXPECT_EQ(closest_name("frobnicate", kNames), "");
    EXPECT_EQ(closest_name("x", kNames), "");
    EXPECT_EQ(closest_name("", kNames), "");
    EXPECT_EQ(closest_name("status", kNames), "");
    EXPECT_EQ(closest_name("lod", {}), "");
}

} // namespace
} // namespace modmgr
