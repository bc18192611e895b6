#include "monitor_event.h"

#include <stdlib.h>
#include <time.h>

#include <gtest/gtest.h>

namespace modmgr {
namespace {

const char kTime[] = "2024-11-26T03:45:12.345+00:00";

TEST(MonitorEvent, OneEventPerModuleLoadedFirst) {
    const auto events =
        events_of_change({"udp_tunnel", "vxlan"}, {"dummy"}, "org.modmgr1.load", 1000, kTime);
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].event, "loaded");
    EXPECT_EQ(events[0].module, "udp_tunnel");
    EXPECT_EQ(events[1].module, "vxlan");
    EXPECT_EQ(events[2].event, "unloaded");
    EXPECT_EQ(events[2].module, "dummy");
    for (const auto& event : events) {
        EXPECT_EQ(event.time, kTime);
        EXPECT_EQ(event.caller_uid, 1000);
        EXPECT_EQ(event.action, "org.modmgr1.load");
    }
}

TEST(MonitorEvent, ExternalChangeHasNoCaller) {
    const auto events = events_of_change({}, {"dummy"}, "", -1, kTime);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].caller_uid, std::nullopt);
    EXPECT_EQ(events[0].action, std::nullopt);
    EXPECT_EQ(format_monitor_event(events[0]), std::string(kTime) + " unloaded dummy\n");
}

TEST(MonitorEvent, RootIsACallerToo) {
    const auto events = events_of_change({"dummy"}, {}, "org.modmgr1.load", 0, kTime);
    EXPECT_EQ(format_monitor_event(events.at(0)),
              std::string(kTime) + " loaded dummy by uid 0 (org.modmgr1.load)\n");
}

TEST(MonitorEvent, EmptyChangeHasNoEvents) {
    EXPECT_TRUE(events_of_change({}, {}, "org.modmgr1.unload", 0, kTime).empty());
}

TEST(MonitorEvent, AUserNameGoesBeforeTheUid) {
    auto events = events_of_change({"dummy"}, {}, "org.modmgr1.load", 1000, kTime);
    events.at(0).user = "alice";
    EXPECT_EQ(format_monitor_event(events[0]),
              std::string(kTime) + " loaded dummy by alice (uid 1000, org.modmgr1.load)\n");
}

TEST(MonitorEvent, AnEditOfTheFilesNamesOnlyTheModule) {
    const auto event = config_changed_event("dummy", "", "", "", -1, kTime);
    EXPECT_EQ(event.event, "config-changed");
    EXPECT_EQ(event.caller_uid, std::nullopt);
    EXPECT_EQ(event.action, std::nullopt);
    EXPECT_EQ(event.setting, std::nullopt);
    EXPECT_EQ(event.value, std::nullopt);
    EXPECT_EQ(format_monitor_event(event), std::string(kTime) + " config-changed dummy\n");
}

TEST(MonitorEvent, ACallsConfigChangeSaysWhatAndWho) {
    auto event = config_changed_event("dummy", "options", "numdummies=3 x=a b",
                                      "org.modmgr1.configure", 0, kTime);
    EXPECT_EQ(event.setting, "options");
    EXPECT_EQ(event.value, "numdummies=3 x=a b");
    EXPECT_EQ(event.caller_uid, 0);
    event.user = "root";
    EXPECT_EQ(format_monitor_event(event),
              std::string(kTime) + " config-changed dummy options=\"numdummies=3 x=a b\" by root "
                                   "(uid 0, org.modmgr1.configure)\n");
}

TEST(MonitorEvent, LinesAnotherModulesChangeMovedNameOnlyTheCaller) {
    const auto event = config_changed_event("e1000e", "", "", "org.modmgr1.configure", 1000, kTime);
    EXPECT_EQ(event.setting, std::nullopt);
    EXPECT_EQ(format_monitor_event(event),
              std::string(kTime) + " config-changed e1000e by uid 1000 (org.modmgr1.configure)\n");
}

TEST(MonitorEvent, WhatTheDaemonSentNeverReachesTheTerminalRaw) {
    // A value (or any string of a signal) with an escape sequence, a newline that would forge
    // a second event, and a quote that would end the value early.
    auto event = config_changed_event("dum\x1b]0;owned\x07my", "options",
                                      "x=\x1b[2J\"\n2024 loaded evil\x9b", "org.modmgr1.configure",
                                      1000, kTime);
    event.user = "al\rice";
    const auto line = format_monitor_event(event);
    EXPECT_EQ(line, std::string(kTime) +
                        " config-changed dum\\x1b]0;owned\\x07my options=\"x=\\x1b[2J\\\"\\x0a2024 "
                        "loaded evil\\x9b\" by al\\x0dice (uid 1000, org.modmgr1.configure)\n");
    EXPECT_EQ(line.find('\n'), line.size() - 1);
}

TEST(MonitorEvent, ADeviceEventNamesTheDeviceThenWhatItHas) {
    const auto bound = device_changed_event("bind", "pci/0000:00:03.0", "pci:v00008086d0000100E",
                                            "e1000", "e1000", kTime);
    ASSERT_TRUE(bound);
    EXPECT_EQ(bound->module, "e1000");
    EXPECT_EQ(bound->caller_uid, std::nullopt);
    EXPECT_EQ(format_monitor_event(*bound),
              std::string(kTime) + " device-bound pci/0000:00:03.0 modalias=\"pci:v00008086d0000100E\" "
                                   "driver=\"e1000\" module=\"e1000\"\n");
    // A built-in driver has no module; a device that just appeared has no driver yet.
    EXPECT_EQ(format_monitor_event(*device_changed_event("unbind", "platform/serial8250",
                                                         "platform:serial8250", "serial8250", "",
                                                         kTime)),
              std::string(kTime) + " device-unbound platform/serial8250 "
                                   "modalias=\"platform:serial8250\" driver=\"serial8250\"\n");
    EXPECT_EQ(format_monitor_event(*device_changed_event("add", "usb/1-1", "usb:v1D6Bp0002", "",
                                                         "", kTime)),
              std::string(kTime) + " device-added usb/1-1 modalias=\"usb:v1D6Bp0002\"\n");
    EXPECT_EQ(device_changed_event("remove", "usb/1-1", "", "", "", kTime)->event,
              "device-removed");
}

TEST(MonitorEvent, ADeviceActionThisModctlDoesNotKnowIsSkipped) {
    EXPECT_EQ(device_changed_event("change", "usb/1-1", "usb:v1D6Bp0002", "", "", kTime),
              std::nullopt);
    EXPECT_EQ(device_changed_event("", "usb/1-1", "", "", "", kTime), std::nullopt);
}

TEST(MonitorEvent, ADevicesStringsNeverReachTheTerminalRaw) {
    const auto line = format_monitor_event(*device_changed_event(
        "bind", "pci/x\n2024 loaded evil", "pci:\x1b[2J\"", "drv\r", "mod", kTime));
    EXPECT_EQ(line, std::string(kTime) + " device-bound pci/x\\x0a2024 loaded evil "
                                         "modalias=\"pci:\\x1b[2J\\\"\" driver=\"drv\\x0d\" "
                                         "module=\"mod\"\n");
    EXPECT_EQ(line.find('\n'), line.size() - 1);
}

class LocalTime : public ::testing::Test {
protected:
    void SetUp() override {
        if (const char* tz = ::getenv("TZ"))
            saved_ = tz;
    }
    void TearDown() override {
        if (saved_)
            ::setenv("TZ", saved_->c_str(), 1);
        else
            ::unsetenv("TZ");
        ::tzset();
    }
    static void zone(const char* posix_tz) {
        ::setenv("TZ", posix_tz, 1);
        ::tzset();
    }

private:
    std::optional<std::string> saved_;
};

// 2024-11-26T03:45:12.345Z
const auto kInstant =
    std::chrono::system_clock::time_point(std::chrono::milliseconds(1732592712345LL));

TEST_F(LocalTime, UtcWithMilliseconds) {
    zone("UTC0");
    EXPECT_EQ(iso8601_local_time(kInstant), "2024-11-26T03:45:12.345+00:00");
}

TEST_F(LocalTime, PositiveOffsetWithMinutes) {
    // POSIX TZ syntax: the offset is west of Greenwich, so "-5:30" is UTC+05:30.
    zone("IST-5:30");
    EXPECT_EQ(iso8601_local_time(kInstant), "2024-11-26T09:15:12.345+05:30");
}

TEST_F(LocalTime, NegativeOffsetCrossesMidnight) {
    zone("XST8");
    EXPECT_EQ(iso8601_local_time(kInstant), "2024-11-25T19:45:12.345-08:00");
}

TEST_F(LocalTime, MillisecondsArePadded) {
    zone("UTC0");
    EXPECT_EQ(iso8601_local_time(kInstant - std::chrono::milliseconds(340)),
              "2024-11-26T03:45:12.005+00:00");
}

} // namespace
} // namespace modmgr
