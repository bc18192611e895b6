#include "decoded_value.h"

#include <gtest/gtest.h>

namespace modmgr {
namespace {

TEST(DecodedValue, ReadsTheInfoTypes) {
    EXPECT_EQ(std::get<std::string>(decode_variant(sdbus::Variant(std::string("GPL")))), "GPL");
    EXPECT_EQ(std::get<bool>(decode_variant(sdbus::Variant(true))), true);
    EXPECT_EQ(std::get<uint64_t>(decode_variant(sdbus::Variant(uint64_t{45056}))), 45056u);
    EXPECT_EQ(std::get<int64_t>(decode_variant(sdbus::Variant(int32_t{-1}))), -1);
    const std::vector<std::string> aliases{"a", "b"};
    EXPECT_EQ(std::get<std::vector<std::string>>(decode_variant(sdbus::Variant(aliases))), aliases);
    const std::map<std::string, std::string> values{{"debug", "0"}};
    EXPECT_EQ((std::get<std::map<std::string, std::string>>(decode_variant(sdbus::Variant(values)))),
              values);
}

TEST(DecodedValue, ReadsParameterDescriptionsInOrder) {
    const std::vector<sdbus::Struct<std::string, std::string, std::string>> parameters{
        {"udp_port", "ushort", "Destination UDP port"}, {"log_ecn_error", "bool", ""}};
    const auto decoded =
        std::get<std::vector<DecodedParameter>>(decode_variant(sdbus::Variant(parameters)));
    ASSERT_EQ(decoded.size(), 2u);
    EXPECT_EQ(decoded[0].name, "udp_port");
    EXPECT_EQ(decoded[0].type, "ushort");
    EXPECT_EQ(decoded[0].description, "Destination UDP port");
    EXPECT_EQ(decoded[1].name, "log_ecn_error");
    EXPECT_EQ(decoded[1].description, "");
}

TEST(DecodedValue, ReadsConfigurationSourcesInOrder) {
    const std::vector<sdbus::Struct<std::string, std::string, int32_t, std::string, bool>> sources{
        {"blacklist", "/etc/modprobe.d/local.conf", 3, "blacklist dummy", false},
        {"load", "/proc/cmdline", 0, "modules_load=dummy", false},
        {"options", "/etc/modprobe.d/zz-modmgr.conf", 7, "options dummy numdummies=3", true}};
    const auto decoded =
        std::get<std::vector<ConfigSourceEntry>>(decode_variant(sdbus::Variant(sources)));
    ASSERT_EQ(decoded.size(), 3u);
    EXPECT_EQ(decoded[0].kind, "blacklist");
    EXPECT_EQ(decoded[0].file, "/etc/modprobe.d/local.conf");
    EXPECT_EQ(decoded[0].line, 3);
    EXPECT_EQ(decoded[0].text, "blacklist dummy");
    EXPECT_FALSE(decoded[0].managed);
    EXPECT_EQ(decoded[1].line, 0);
    EXPECT_EQ(decoded[2].kind, "options");
    EXPECT_TRUE(decoded[2].managed);
}

TEST(DecodedValue, KeepsTheSignatureOfUnsupportedTypes) {
    const std::vector<int32_t> numbers{1, 2};
    EXPECT_EQ(std::get<UnsupportedValue>(decode_variant(sdbus::Variant(numbers))).signature, "ai");
}

} // namespace
} // namespace modmgr
