#include "state/device_bindings.h"

#include <gtest/gtest.h>

#include "support/fake_sysfs.h"

namespace modmgr {
namespace {

Uevent device_event(const std::string& action, const std::string& driver = "") {
    Uevent event;
    event.action = action;
    event.subsystem = "pci";
    event.devpath = "/devices/pci0000:00/0000:00:03.0";
    event.modalias = "pci:v00008086d000010D3";
    event.driver = driver;
    return event;
}

void no_pause(std::chrono::milliseconds) { FAIL() << "paused although the module link was there"; }

TEST(DeviceBindings, ABindNamesDriverAndModuleAndTheUnbindAfterItNamesThemToo) {
    FakeSysfs sysfs;
    sysfs.add_device("pci", "0000:00:03.0", "pci:v00008086d000010D3");
    sysfs.bind("pci", "0000:00:03.0", "e1000e", "e1000e");
    const SysfsTree tree(sysfs.root());
    DeviceBindings bindings(no_pause);
    const DeviceChange bind = *bindings.change(tree, device_event("bind", "e1000e"));
    EXPECT_EQ(bind.action, "bind");
    EXPECT_EQ(bind.device, "pci/0000:00:03.0");
    EXPECT_EQ(bind.modalias, "pci:v00008086d000010D3");
    EXPECT_EQ(bind.driver, "e1000e");
    EXPECT_EQ(bind.module, "e1000e");
    // The kernel's unbind uevent has neither DRIVER nor MODALIAS, and the module may be gone
    // from sysfs.
    Uevent unbound = device_event("unbind");
    unbound.modalias = "";
    const auto unbind = bindings.change(SysfsTree(""), unbound);
    ASSERT_TRUE(unbind);
    EXPECT_EQ(unbind->modalias, "pci:v00008086d000010D3");
    EXPECT_EQ(unbind->driver, "e1000e");
    EXPECT_EQ(unbind->module, "e1000e");
    EXPECT_FALSE(bindings.change(tree, unbound));
}

TEST(DeviceBindings, ADriverBoundBeforeStartIsNamedWhenItUnbinds) {
    FakeSysfs sysfs;
    sysfs.add_device("pci", "0000:00:03.0", "pci:v00008086d000010D3");
    sysfs.bind("pci", "0000:00:03.0", "e1000e", "e1000e");
    DeviceBindings bindings(no_pause);
    bindings.read_current(SysfsTree(sysfs.root()));
    const auto unbind = bindings.change(SysfsTree(""), device_event("unbind"));
    ASSERT_TRUE(unbind);
    EXPECT_EQ(unbind->driver, "e1000e");
    EXPECT_EQ(unbind->module, "e1000e");
}

TEST(DeviceBindings, AddAndRemoveNameNoDriver) {
    // No sysfs: the bind below waits for a module link that never comes.
    DeviceBindings bindings([](std::chrono::milliseconds) {});
    const auto add = bindings.change(SysfsTree(""), device_event("add"));
    EXPECT_EQ(add->action, "add");
    EXPECT_EQ(add->driver, "");
    bindings.change(SysfsTree(""), device_event("bind", "e1000e"));
    EXPECT_EQ(bindings.change(SysfsTree(""), device_event("remove"))->driver, "");
    EXPECT_EQ(bindings.change(SysfsTree(""), device_event("unbind"))->driver, "");
}

TEST(DeviceBindings, ABindBeforeTheDriversModuleLinkWaitsForIt) {
    FakeSysfs sysfs;
    sysfs.add_device("pci", "0000:00:03.0", "pci:v00008086d000010D3");
    sysfs.bind("pci", "0000:00:03.0", "e1000e", "");
    int pauses = 0;
    DeviceBindings bindings([&](std::chrono::milliseconds) {
        if (++pauses == 3)
            sysfs.link("../../../../module/e1000e", "bus/pci/drivers/e1000e/module");
    });
    const DeviceChange bind = *bindings.change(SysfsTree(sysfs.root()), device_event("bind", "e1000e"));
    EXPECT_EQ(bind.module, "e1000e");
    EXPECT_EQ(pauses, 3);
}

TEST(DeviceBindings, ADriverWithoutAModuleLinkIsWaitedForAtMostABoundedTime) {
    FakeSysfs sysfs;
    sysfs.add_device("pci", "0000:00:03.0", "pci:v00008086d000010D3");
    sysfs.bind("pci", "0000:00:03.0", "builtin_driver", "");
    std::chrono::milliseconds waited{0};
    DeviceBindings bindings([&](std::chrono::milliseconds pause) { waited += pause; });
    const DeviceChange bind =
        *bindings.change(SysfsTree(sysfs.root()), device_event("bind", "builtin_driver"));
    EXPECT_EQ(bind.driver, "builtin_driver");
    EXPECT_EQ(bind.module, "");
    EXPECT_EQ(waited, DeviceBindings::kModuleLinkWait);
    // Its next bind is not waited for again.
    bindings.change(SysfsTree(sysfs.root()), device_event("bind", "builtin_driver"));
    EXPECT_EQ(waited, DeviceBindings::kModuleLinkWait);
}

} // namespace
} // namespace modmgr
