#include "state/uevent_monitor.h"

#include <gtest/gtest.h>

using namespace modmgr;

namespace {

Uevent parsed(const std::string& datagram) {
    Uevent event;
    EXPECT_TRUE(parse_uevent(datagram.data(), datagram.size(), event));
    return event;
}

} // namespace

TEST(UeventMonitor, ParsesAKernelModuleEvent) {
    const std::string datagram("add@/module/dummy\0ACTION=add\0DEVPATH=/module/dummy\0"
                               "SUBSYSTEM=module\0SEQNUM=2417\0",
                               80);
    Uevent event = parsed(datagram);
    EXPECT_EQ(event.action, "add");
    EXPECT_EQ(event.subsystem, "module");
    EXPECT_EQ(event.module(), "dummy");
}

TEST(UeventMonitor, OtherSubsystemsAreNotModules) {
    const std::string datagram("add@/devices/virtual/net/dummy0\0ACTION=add\0"
                               "DEVPATH=/devices/virtual/net/dummy0\0SUBSYSTEM=net\0",
                               93);
    EXPECT_EQ(parsed(datagram).module(), "");
}

TEST(UeventMonitor, ParametersDirectoryIsNotAModule) {
    Uevent event;
    event.subsystem = "module";
    event.devpath = "/module/dummy/parameters";
    EXPECT_EQ(event.module(), "");
}

TEST(UeventMonitor, ADeviceEventWithAModaliasNamesTheDeviceAndItsDriver) {
    const std::string datagram("bind@/devices/pci0000:00/0000:00:03.0\0ACTION=bind\0"
                               "DEVPATH=/devices/pci0000:00/0000:00:03.0\0SUBSYSTEM=pci\0"
                               "DRIVER=e1000e\0MODALIAS=pci:v00008086d000010D3\0",
                               151);
    const Uevent event = parsed(datagram);
    EXPECT_EQ(event.module(), "");
    EXPECT_EQ(event.device(), "pci/0000:00:03.0");
    EXPECT_EQ(event.driver, "e1000e");
    EXPECT_EQ(event.modalias, "pci:v00008086d000010D3");
}

TEST(UeventMonitor, OnlyDeviceEventsWithAModaliasAndAValidNameAreDevices) {
    Uevent event;
    event.action = "add";
    event.subsystem = "pci";
    event.devpath = "/devices/pci0000:00/0000:00:03.0";
    EXPECT_EQ(event.device(), "");
    event.modalias = "pci:v1";
    EXPECT_EQ(event.device(), "pci/0000:00:03.0");
    event.action = "change";
    EXPECT_EQ(event.device(), "");
    event.modalias = "";
    event.action = "unbind";
    EXPECT_EQ(event.device(), "pci/0000:00:03.0");
    event.modalias = "pci:v1";
    event.action = "add";
    event.devpath = "/devices/..";
    EXPECT_EQ(event.device(), "");
    event.devpath = "/devices/x";
    event.subsystem = "a/b";
    EXPECT_EQ(event.device(), "");
}

TEST(UeventMonitor, UdevsFormatIsNotAKernelEvent) {
    const std::string datagram("libudev\0\xfe\xed\xca\xfe", 12);
    Uevent event;
    EXPECT_FALSE(parse_uevent(datagram.data(), datagram.size(), event));
}

TEST(UeventMonitor, TruncatedDatagramDoesNotReadPastTheEnd) {
    const std::string datagram("remove@/module/vxlan\0ACTION=remove\0DEVPATH=/module/vx", 53);
    Uevent event;
    ASSERT_TRUE(parse_uevent(datagram.data(), datagram.size(), event));
    EXPECT_EQ(event.action, "remove");
    EXPECT_EQ(event.devpath, "/module/vx");
}
