#include "state/device_bindings.h"

#include "devices/device.h"
#include "devices/device_scan.h"
#include "text/escaped_text.h"

namespace modmgr {

void DeviceBindings::read_current(const SysfsTree& tree) {
    bound_.clear();
    for (const auto& device : scan_devices(tree, false).devices)
        if (!device.driver.empty())
            bound_[device.bus + "/" + device.name] = {device.driver, device.module};
}

DeviceChange DeviceBindings::change(const SysfsTree& tree, const Uevent& event) {
    DeviceChange change{event.action, event.device(),
                        escaped_for_log(event.modalias, kMaxNameLength), "", ""};
    if (event.action == "bind") {
        const std::string bus = change.device.substr(0, change.device.find('/'));
        change.driver = escaped_for_log(event.driver, kMaxNameLength);
        change.module = module_of_driver(tree, bus, event.driver);
        if (bound_.size() < kMaxDevices || bound_.count(change.device) != 0)
            bound_[change.device] = {change.driver, change.module};
    } else if (event.action == "unbind" || event.action == "remove") {
        const auto found = bound_.find(change.device);
        if (found != bound_.end()) {
            if (event.action == "unbind")
                std::tie(change.driver, change.module) = found->second;
            bound_.erase(found);
        }
    }
    return change;
}

} // namespace modmgr
