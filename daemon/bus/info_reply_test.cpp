#include "bus/info_reply.h"

#include <gtest/gtest.h>
#include <sdbus-c++/sdbus-c++.h>

using namespace modmgr;

TEST(InfoVariant, EachValueKeepsItsDBusType) {
    ModuleInfo info;
    info["name"] = std::string("e1000e");
    info["loaded"] = true;
    info["size"] = uint64_t(352256);
    info["refcount"] = int32_t(-1);
    info["aliases"] = std::vector<std::string>{"pci:v00008086d000010D3sv*sd*bc*sc*i*"};
    info["parameters"] = std::vector<ParameterDescription>{{"debug", "int", "Debug level"}};
    info["parameter_values"] = std::map<std::string, std::string>{{"debug", "0"}};

    auto map = to_variant_map(info);
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

    auto map = to_variant_map(info);
    EXPECT_EQ(map.at("config_sources").peekValueType(), "a(ssisb)");
    EXPECT_EQ(map.at("load_at_boot").peekValueType(), "b");
    using Source = sdbus::Struct<std::string, std::string, int32_t, std::string, bool>;
    const auto sources = map.at("config_sources").get<std::vector<Source>>();
    ASSERT_EQ(sources.size(), 2u);
    EXPECT_EQ(sources[0], Source("blacklist", "/etc/modprobe.d/zz-modmgr.conf", 4, "blacklist dummy", true));
    EXPECT_EQ(sources[1], Source("options", "/proc/cmdline", 0, "dummy.numdummies=2", false));
}
