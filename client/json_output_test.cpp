#include "json_output.h"

#include <gtest/gtest.h>

namespace modmgr {
namespace {

using nlohmann::json;

TEST(JsonOutput, ListHasOneObjectPerModule) {
    const auto document = list_json({{"vxlan", 98304, 0, {}, "live"},
                                     {"ip6_udp_tunnel", 16384, -1, {"vxlan"}, "going"}});
    EXPECT_EQ(document, json::parse(R"({"modules": [
        {"name": "vxlan", "size": 98304, "refcount": 0, "holders": [], "state": "live"},
        {"name": "ip6_udp_tunnel", "size": 16384, "refcount": -1, "holders": ["vxlan"], "state": "going"}]})"));
}

TEST(JsonOutput, EmptyListIsAnEmptyArray) {
    EXPECT_EQ(render_json(list_json({})), "{\"modules\":[]}\n");
}

TEST(JsonOutput, InfoKeepsTypesAndShapesParameters) {
    ModuleInfoMap info{
        {"name", std::string("vxlan")},
        {"loaded", true},
        {"size", uint64_t{98304}},
        {"refcount", int32_t{-1}},
        {"aliases", std::vector<std::string>{"rtnl-link-vxlan"}},
        {"parameters", std::vector<sdbus::Struct<std::string, std::string, std::string>>{
                           {"udp_port", "ushort", "Destination UDP port"}}},
        {"parameter_values", std::map<std::string, std::string>{{"udp_port", "4789"}}},
        {"odd", std::vector<int32_t>{1}},
    };
    EXPECT_EQ(info_json(info), json::parse(R"({
        "name": "vxlan", "loaded": true, "size": 98304, "refcount": -1,
        "aliases": ["rtnl-link-vxlan"],
        "parameters": [{"name": "udp_port", "type": "ushort", "description": "Destination UDP port"}],
        "parameter_values": {"udp_port": "4789"},
        "odd": null})"));
}

TEST(JsonOutput, LoadAndUnloadResults) {
    EXPECT_EQ(load_json({"udp_tunnel", "vxlan"}, true),
              json::parse(R"({"inserted": ["udp_tunnel", "vxlan"], "dry_run": true})"));
    EXPECT_EQ(load_json({}, false), json::parse(R"({"inserted": [], "dry_run": false})"));
    EXPECT_EQ(load_file_json("vxlan", false), json::parse(R"({"name": "vxlan", "dry_run": false})"));
    EXPECT_EQ(unload_json({"vxlan"}, false),
              json::parse(R"({"removed": ["vxlan"], "dry_run": false})"));
}

TEST(JsonOutput, RenderReplacesInvalidUtf8InsteadOfThrowing) {
    EXPECT_EQ(render_json(json{{"description", std::string("bad \xff byte")}}),
              "{\"description\":\"bad \xef\xbf\xbd byte\"}\n");
}

} // namespace
} // namespace modmgr
