#include "devices/module_devices.h"

#include <algorithm>

#include "base/input_validation.h"
#include "base/module_error.h"
#include "devices/device.h"

namespace modmgr {
namespace {

constexpr size_t kMaxDrivers = 64;

} // namespace

std::vector<std::string> devices_driven_by(const SysfsTree& tree, const std::string& module) {
    std::vector<std::string> devices;
    if (module.empty() || module.find('/') != std::string::npos || module[0] == '.')
        return devices;
    bool more = false;
    const std::string drivers = "module/" + module + "/drivers";
    for (const auto& driver : tree.directory(drivers).entries(kMaxDrivers, more)) {
        // "pci:e1000e": the driver's bus, then its name.
        const std::string bus = driver.substr(0, driver.find(':'));
        const SysfsDirectory directory = tree.directory(drivers + "/" + driver);
        for (const auto& entry : directory.entries(kMaxDevices - devices.size(), more)) {
            if (entry == "module" || directory.link_name(entry.c_str()).empty())
                continue;
            const std::string device = bus + "/" + entry;
            try {
                validate_device_name(device);
            } catch (const ModuleError&) {
                continue;
            }
            devices.push_back(device);
        }
    }
    std::sort(devices.begin(), devices.end());
    return devices;
}

} // namespace modmgr
