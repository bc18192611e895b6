#include "devices/module_devices.h"

#include <gtest/gtest.h>

#include "support/fake_sysfs.h"

namespace modmgr {
namespace {

TEST(ModuleDevices, TheDevicesBoundToEachOfTheModulesDrivers) {
    FakeSysfs sysfs;
    sysfs.add_device("pci", "0000:00:03.0", "pci:v1");
    sysfs.add_device("pci", "0000:00:04.0", "pci:v1");
    sysfs.add_device("pci", "0000:00:05.0", "pci:v2");
    sysfs.bind("pci", "0000:00:04.0", "e1000e", "e1000e");
    sysfs.bind("pci", "0000:00:03.0", "e1000e", "e1000e");
    sysfs.bind("pci", "0000:00:05.0", "other", "other");
    EXPECT_EQ(devices_driven_by(SysfsTree(sysfs.root()), "e1000e"),
              (std::vector<std::string>{"pci/0000:00:03.0", "pci/0000:00:04.0"}));
    EXPECT_TRUE(devices_driven_by(SysfsTree(sysfs.root()), "dummy").empty());
}

TEST(ModuleDevices, ANameCannotClimbOutOfTheModuleDirectory) {
    FakeSysfs sysfs;
    sysfs.add_device("pci", "0000:00:03.0", "pci:v1");
    sysfs.bind("pci", "0000:00:03.0", "e1000e", "e1000e");
    EXPECT_TRUE(devices_driven_by(SysfsTree(sysfs.root() + "/module/e1000e"), "..").empty());
    EXPECT_TRUE(devices_driven_by(SysfsTree(sysfs.root()), "").empty());
}

} // namespace
} // namespace modmgr
