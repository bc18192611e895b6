#include "devices/device_scan.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "support/fake_sysfs.h"

namespace modmgr {
namespace {

const char kE1000eAlias[] = "pci:v00008086d000010D3sv00008086sd0000A01Fbc02sc00i00";

TEST(DeviceScan, ReadsBusNameModaliasIdentityDriverAndModule) {
    FakeSysfs sysfs;
    sysfs.add_device("pci", "0000:00:03.0", kE1000eAlias,
                     "DRIVER=e1000e\nPCI_CLASS=20000\nPCI_ID=8086:10D3\nMODALIAS=x\nlower=no\n");
    sysfs.bind("pci", "0000:00:03.0", "e1000e", "e1000e");
    sysfs.add_device("virtio", "virtio0", "virtio:d00000001v00001AF4");
    sysfs.add_device("platform", "no-alias", "");
    const DeviceListing listing = scan_devices(SysfsTree(sysfs.root()), false);
    EXPECT_FALSE(listing.truncated);
    ASSERT_EQ(listing.devices.size(), 2u);
    const Device& pci = listing.devices[0].bus == "pci" ? listing.devices[0] : listing.devices[1];
    EXPECT_EQ(pci.name, "0000:00:03.0");
    EXPECT_EQ(pci.modalias, kE1000eAlias);
    EXPECT_EQ(pci.identity, (std::map<std::string, std::string>{{"PCI_CLASS", "20000"},
                                                                {"PCI_ID", "8086:10D3"}}));
    EXPECT_EQ(pci.driver, "e1000e");
    EXPECT_EQ(pci.module, "e1000e");
    const DeviceListing unbound = scan_devices(SysfsTree(sysfs.root()), true);
    ASSERT_EQ(unbound.devices.size(), 1u);
    EXPECT_EQ(unbound.devices[0].name, "virtio0");
    EXPECT_EQ(unbound.devices[0].driver, "");
}

TEST(DeviceScan, ABuiltinDriverHasNoModule) {
    FakeSysfs sysfs;
    sysfs.add_device("platform", "serial8250", "platform:serial8250");
    sysfs.bind("platform", "serial8250", "serial8250", "");
    const auto device = read_device(SysfsTree(sysfs.root()), DeviceName::checked("platform/serial8250"));
    ASSERT_TRUE(device);
    EXPECT_EQ(device->driver, "serial8250");
    EXPECT_EQ(device->module, "");
}

TEST(DeviceScan, NothingOutsideTheTreeIsRead) {
    FakeSysfs outside;
    outside.write("devices/platform/secret/modalias", "pci:secret\n");
    FakeSysfs sysfs;
    // A device, a modalias and a driver that point out of the tree, absolutely or by "..".
    sysfs.link(outside.root() + "/devices/platform/secret", "bus/pci/devices/absolute");
    sysfs.link("../../../../" + outside.root().substr(outside.root().rfind('/') + 1) +
                   "/devices/platform/secret",
               "bus/pci/devices/climbing");
    sysfs.add_device("pci", "linked-alias", "");
    sysfs.link(outside.root() + "/devices/platform/secret/modalias",
               "devices/platform/linked-alias/modalias");
    EXPECT_TRUE(scan_devices(SysfsTree(sysfs.root()), false).devices.empty());
    EXPECT_FALSE(read_device(SysfsTree(sysfs.root()), DeviceName::checked("pci/absolute")));
}

TEST(DeviceScan, NoFileMakesAReadHangOrGrow) {
    FakeSysfs sysfs;
    sysfs.add_device("pci", "fifo", "");
    ASSERT_EQ(::mkfifo((sysfs.root() + "/devices/platform/fifo/modalias").c_str(), 0600), 0);
    sysfs.add_device("pci", "huge", "");
    sysfs.write("devices/platform/huge/modalias", std::string(1 << 20, 'a'));
    sysfs.add_device("pci", "odd", "pci:v1", "HID_NAME=\x1b[2Jname\xff\nKEY=" + std::string(1000, 'v') + "\n");
    const DeviceListing listing = scan_devices(SysfsTree(sysfs.root()), false);
    ASSERT_EQ(listing.devices.size(), 1u);
    EXPECT_EQ(listing.devices[0].identity.at("HID_NAME"), "\\x1b[2Jname\\xff");
    EXPECT_LT(listing.devices[0].identity.at("KEY").size(), 300u);
}

TEST(DeviceScan, NamesNoCallerCouldGiveBackAreLeftOut) {
    FakeSysfs sysfs;
    sysfs.add_device("pci", "with space", "pci:v1");
    sysfs.add_device("pci", ".hidden", "pci:v1");
    sysfs.add_device("pci", "0000:00:04.0", "pci:v1");
    const DeviceListing listing = scan_devices(SysfsTree(sysfs.root()), false);
    ASSERT_EQ(listing.devices.size(), 1u);
    EXPECT_EQ(listing.devices[0].name, "0000:00:04.0");
}

TEST(DeviceScan, StopsAtItsBoundAndSaysSo) {
    FakeSysfs sysfs;
    // One device's directory behind every name: a symlink each is quicker to make.
    sysfs.add_device("cpu", "cpu0", "cpu:type:x86");
    for (size_t i = 1; i <= kMaxDevices; ++i)
        sysfs.link("../../../devices/platform/cpu0", "bus/cpu/devices/cpu" + std::to_string(i));
    const DeviceListing listing = scan_devices(SysfsTree(sysfs.root()), false);
    EXPECT_EQ(listing.devices.size(), kMaxDevices);
    EXPECT_TRUE(listing.truncated);
}

TEST(DeviceScan, AnEmptyRootHasNoDevices) {
    EXPECT_TRUE(scan_devices(SysfsTree(""), false).devices.empty());
    EXPECT_TRUE(scan_devices(SysfsTree("/nonexistent-sysfs"), false).devices.empty());
}

} // namespace
} // namespace modmgr
