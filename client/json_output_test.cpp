#include "json_output.h"

#include <gtest/gtest.h>

namespace modmgr {
namespace {

using nlohmann::json;

TEST(JsonOutput, ListHasOneObjectPerModule) {
    const auto document = list_json({{"vxlan", 98304, 0, {}, "live", "", true},
                                     {"ip6_udp_tunnel", 16384, -1, {"vxlan"}, "going", "OE", false}});
    EXPECT_EQ(document, json::parse(R"({"modules": [
        {"name": "vxlan", "size": 98304, "refcount": 0, "holders": [], "state": "live",
         "taint": "", "signed": true},
        {"name": "ip6_udp_tunnel", "size": 16384, "refcount": -1, "holders": ["vxlan"],
         "state": "going", "taint": "OE", "signed": false}]})"));
}

TEST(JsonOutput, EmptyListIsAnEmptyArray) {
    EXPECT_EQ(render_json(list_json({}), JsonMode::Short), "{\"modules\":[]}\n");
}

TEST(JsonOutput, InfoKeepsTypesAndShapesParameters) {
    DecodedDictionary info{
        {"name", std::string_view("vxlan")},
        {"loaded", true},
        {"size", uint64_t{98304}},
        {"refcount", int64_t{-1}},
        {"aliases", std::vector<std::string_view>{"rtnl-link-vxlan"}},
        {"parameters", std::vector<DecodedParameter>{
                           {"udp_port", "ushort", "Destination UDP port"}}},
        {"parameter_values", StringPairs{{"udp_port", "4789"}}},
        {"odd", UnsupportedValue{"ai"}},
    };
    EXPECT_EQ(dictionary_json(info), json::parse(R"({
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

TEST(JsonOutput, ConfigurationSourcesAreObjects) {
    DecodedDictionary configuration{
        {"name", std::string_view("dummy")},
        {"blacklisted", false},
        {"options", std::vector<std::string_view>{"numdummies=3"}},
        {"load_at_boot", true},
        {"config_sources",
         std::vector<ConfigSourceEntry>{
             {"options", "/etc/modprobe.d/zz-modmgr.conf", 4, "options dummy numdummies=3", true},
             {"load", "/proc/cmdline", 0, "modules_load=dummy", false}}},
    };
    EXPECT_EQ(dictionary_json(configuration), json::parse(R"({
        "name": "dummy", "blacklisted": false, "options": ["numdummies=3"], "load_at_boot": true,
        "config_sources": [
            {"kind": "options", "file": "/etc/modprobe.d/zz-modmgr.conf", "line": 4,
             "text": "options dummy numdummies=3", "managed": true},
            {"kind": "load", "file": "/proc/cmdline", "line": 0, "text": "modules_load=dummy",
             "managed": false}]})"));
}

TEST(JsonOutput, ConfigChangeResult) {
    EXPECT_EQ(render_json(config_change_json("dummy", true, false), JsonMode::Short),
              "{\"changed\":true,\"dry_run\":false,\"name\":\"dummy\"}\n");
    EXPECT_EQ(config_change_json("dummy", false, true),
              json::parse(R"({"name": "dummy", "changed": false, "dry_run": true})"));
}

TEST(JsonOutput, PermissionsAreOneObject) {
    EXPECT_EQ(render_json(permissions_json({{"org.modmgr1.load", "auth"},
                                            {"org.modmgr1.inspect", "yes"}}),
                          JsonMode::Short),
              "{\"org.modmgr1.inspect\":\"yes\",\"org.modmgr1.load\":\"auth\"}\n");
}

TEST(JsonOutput, MonitorEventOfModmgrdsOwnChange) {
    const MonitorEvent event{"2024-11-26T03:45:12.345+00:00", "loaded", "vxlan", 65534,
                             "org.modmgr1.load", "nobody", {}, {}, {}, {}, {}};
    EXPECT_EQ(monitor_event_json(event), json::parse(R"({"time": "2024-11-26T03:45:12.345+00:00",
        "event": "loaded", "name": "vxlan", "caller_uid": 65534, "user": "nobody",
        "action": "org.modmgr1.load", "setting": null, "value": null, "device": null,
        "modalias": null, "driver": null})"));
}

TEST(JsonOutput, MonitorEventOfADevice) {
    const auto bound = device_changed_event("bind", "pci/0000:00:03.0", "pci:v00008086d0000100E",
                                            "e1000", "e1000", "2024-11-26T03:45:12.345+00:00");
    EXPECT_EQ(monitor_event_json(bound.value()), json::parse(R"({
        "time": "2024-11-26T03:45:12.345+00:00", "event": "device-bound", "name": "e1000",
        "caller_uid": null, "user": null, "action": null, "setting": null, "value": null,
        "device": "pci/0000:00:03.0", "modalias": "pci:v00008086d0000100E", "driver": "e1000"})"));
    // A device no driver has, or a built-in driver's: no module to name.
    const auto added = device_changed_event("add", "platform/serial8250", "platform:serial8250",
                                            "", "", "2024-11-26T03:45:12.345+00:00");
    const auto document = monitor_event_json(added.value());
    EXPECT_TRUE(document.at("name").is_null());
    EXPECT_TRUE(document.at("driver").is_null());
    EXPECT_EQ(document.at("event"), "device-added");
}

TEST(JsonOutput, MonitorEventOfAConfigurationChangeSaysWhatChanged) {
    const MonitorEvent event{"2024-11-26T03:45:12.345+00:00", "config-changed", "dummy", 1000,
                             "org.modmgr1.configure", {}, "options", "numdummies=3\x1b[2J",
                             {}, {}, {}};
    const auto document = monitor_event_json(event);
    EXPECT_EQ(document.at("setting"), "options");
    EXPECT_EQ(document.at("value"), "numdummies=3\x1b[2J");
    EXPECT_TRUE(document.at("user").is_null());
    // JSON escapes a control character itself: the escape sequence never reaches a terminal.
    EXPECT_NE(render_json(document, JsonMode::Short).find("numdummies=3\\u001b[2J"), std::string::npos);
}

TEST(JsonOutput, MonitorEventOfAnExternalChangeHasNulls) {
    const MonitorEvent event{"2024-11-26T03:45:12.345+00:00", "unloaded", "dummy", {}, {}, {},
                             {}, {}, {}, {}, {}};
    const auto document = monitor_event_json(event);
    EXPECT_TRUE(document.at("caller_uid").is_null());
    EXPECT_TRUE(document.at("action").is_null());
    EXPECT_TRUE(document.at("user").is_null());
    EXPECT_TRUE(document.at("setting").is_null());
    EXPECT_TRUE(document.at("value").is_null());
    EXPECT_EQ(document.at("event"), "unloaded");
    // One line per event: a reader splits the stream on newlines.
    const auto line = render_json(document, JsonMode::Short);
    EXPECT_EQ(line.find('\n'), line.size() - 1);
}

TEST(JsonOutput, ConfigOverviewNamesEachEntrysModule) {
    const ConfigOverview overview{
        {},
        {{"dummy", {"options", "/etc/modprobe.d/zz-modmgr.conf", 4, "options dummy x=1", true}},
         {"e1000e", {"blacklist", "/proc/cmdline", 0, "module_blacklist=e1000e", false}}},
        true};
    EXPECT_EQ(config_overview_json(overview), json::parse(R"({"entries": [
        {"name": "dummy", "kind": "options", "file": "/etc/modprobe.d/zz-modmgr.conf", "line": 4,
         "text": "options dummy x=1", "managed": true},
        {"name": "e1000e", "kind": "blacklist", "file": "/proc/cmdline", "line": 0,
         "text": "module_blacklist=e1000e", "managed": false}], "truncated": true})"));
    EXPECT_EQ(render_json(config_overview_json({}), JsonMode::Short), "{\"entries\":[],\"truncated\":false}\n");
}

TEST(JsonOutput, StatusHasTheTaintAsNumberAndLetters) {
    SystemStatus status;
    status.version = "1.4.0";
    status.kernel_release = "6.1.0-18-amd64";
    status.loaded_count = 42;
    status.tainted = 4097;
    status.signatures_enforced = true;
    status.lockdown = "integrity";
    status.counts = {2, 1, 1, 3, 57, false};
    EXPECT_EQ(status_json(status), json::parse(R"({"version": "1.4.0",
        "kernel_release": "6.1.0-18-amd64", "loaded_count": 42, "tainted": 4097,
        "taint_flags": ["P", "O"], "modules_disabled": false, "signatures_enforced": true,
        "lockdown": "integrity", "modmgrd_files": {"blacklisted": 2, "masked": 1, "options": 1, "load_at_boot": 3},
        "config_entries": 57, "truncated": false})"));
}

TEST(JsonOutput, RenderReplacesInvalidUtf8InsteadOfThrowing) {
    EXPECT_EQ(render_json(json{{"description", std::string("bad \xff byte")}}, JsonMode::Short),
              "{\"description\":\"bad \xef\xbf\xbd byte\"}\n");
}

TEST(JsonOutput, PrettyIndentsTwoBlanksPerLevelAsJqDoes) {
    // What `jq .` prints for the same document.
    EXPECT_EQ(render_json(load_json({"udp_tunnel", "vxlan"}, false), JsonMode::Pretty),
              "{\n"
              "  \"dry_run\": false,\n"
              "  \"inserted\": [\n"
              "    \"udp_tunnel\",\n"
              "    \"vxlan\"\n"
              "  ]\n"
              "}\n");
    EXPECT_EQ(render_json(list_json({}), JsonMode::Pretty), "{\n  \"modules\": []\n}\n");
}

} // namespace
} // namespace modmgr
