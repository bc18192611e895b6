#include "bus/info_reply.h"

#include <gtest/gtest.h>
#include <sdbus-c++/sdbus-c++.h>

#include "raw_message.h"

// libsdbus-c++ 1.2.0 exports this (Variant builds its messages with it) but declares it in an
// internal header: a message on a pseudo-connection, no bus needed.
namespace sdbus {
PlainMessage createPlainMessage();
}

using namespace modmgr;

namespace {

using InfoMap = std::map<std::string, sdbus::Variant>;

// What a client reads of `info` once append_info has written it into a message.
InfoMap as_received(const ModuleInfo& info) {
    auto message = sdbus::createPlainMessage();
    EXPECT_GE(append_info(raw_message(message), info), 0);
    message.seal();
    message.rewind(true);
    InfoMap map;
    message >> map;
    return map;
}

} // namespace

TEST(InfoVariant, EachValueKeepsItsDBusType) {
    ModuleInfo info;
    info["name"] = std::string("e1000e");
    info["loaded"] = true;
    info["size"] = uint64_t(352256);
    info["refcount"] = int32_t(-1);
    info["aliases"] = std::vector<std::string>{"pci:v00008086d000010D3sv*sd*bc*sc*i*"};
    info["parameters"] = std::vector<ParameterDescription>{{"debug", "int", "Debug level"}};
    info["parameter_values"] = std::map<std::string, std::string>{{"debug", "0"}};

    auto map = as_received(info);
    EXPECT_EQ(map.at("name").peekValueType(), "s");
    EXPECT_EQ(map.at("loaded").peekValueType(), "b");
    EXPECT_EQ(map.at("size").peekValueType(), "t");
    EXPECT_EQ(map.at("refcount").peekValueType(), "i");
    EXPECT_EQ(map.at("aliases").peekValueType(), "as");
    EXPECT_EQ(map.at("parameters").peekValueType(), "a(sss)");
    EXPECT_EQ(map.at("parameter_values").peekValueType(), "a{ss}");

    auto params =
        map.at("parameters").get<std::vector<sdbus::Struct<std::string, std::string, std::string>>>();
    ASSERT_EQ(params.size(), 1u);
    EXPECT_EQ(std::get<0>(params[0]), "debug");
    EXPECT_EQ(std::get<1>(params[0]), "int");
    EXPECT_EQ(std::get<2>(params[0]), "Debug level");
    EXPECT_EQ(map.at("refcount").get<int32_t>(), -1);
}

TEST(InfoVariant, ConfigSourcesAreStructsOfKindFileLineTextManaged) {
    ModuleInfo info;
    info["config_sources"] = std::vector<ConfigSource>{
        {"blacklist", "/etc/modprobe.d/zz-modmgr.conf", 4, "blacklist dummy", true},
        {"options", "/proc/cmdline", 0, "dummy.numdummies=2", false}};
    info["load_at_boot"] = false;

    auto map = as_received(info);
    EXPECT_EQ(map.at("config_sources").peekValueType(), "a(ssisb)");
    EXPECT_EQ(map.at("load_at_boot").peekValueType(), "b");
    using Source = sdbus::Struct<std::string, std::string, int32_t, std::string, bool>;
    const auto sources = map.at("config_sources").get<std::vector<Source>>();
    ASSERT_EQ(sources.size(), 2u);
    EXPECT_EQ(sources[0], Source("blacklist", "/etc/modprobe.d/zz-modmgr.conf", 4, "blacklist dummy", true));
    EXPECT_EQ(sources[1], Source("options", "/proc/cmdline", 0, "dummy.numdummies=2", false));
}

TEST(InfoVariant, EveryKeyArrivesOnceWithItsValue) {
    ModuleInfo info;
    info["name"] = std::string("dummy");
    info["holders"] = std::vector<std::string>{};
    info["parameter_values"] = std::map<std::string, std::string>{};
    info["load_at_boot"] = true;

    auto map = as_received(info);
    ASSERT_EQ(map.size(), 4u);
    EXPECT_EQ(map.at("name").get<std::string>(), "dummy");
    EXPECT_TRUE(map.at("holders").get<std::vector<std::string>>().empty());
    EXPECT_EQ(map.at("holders").peekValueType(), "as");
    EXPECT_TRUE((map.at("parameter_values").get<std::map<std::string, std::string>>().empty()));
    EXPECT_TRUE(map.at("load_at_boot").get<bool>());
}

TEST(InfoVariant, AStringTheBusCannotCarryIsRefused) {
    ModuleInfo info;
    info["description"] = std::string("\xff\xfe not UTF-8");
    auto message = sdbus::createPlainMessage();
    EXPECT_LT(append_info(raw_message(message), info), 0);
}
