#include "state/device_bindings.h"

#include <utility>

#include "devices/device.h"
#include "devices/device_scan.h"
#include "text/escaped_text.h"

namespace modmgr {

DeviceBindings::DeviceBindings(Pause pause) : pause_(std::move(pause)) {}

void DeviceBindings::read_current(const SysfsTree& tree) {
    bound_.clear();
    for (const auto& device : scan_devices(tree, false).devices)
        if (!device.driver.empty())
            bound_[device.bus + "/" + device.name] = {device.modalias, device.driver, device.module};
}

std::optional<DeviceChange> DeviceBindings::change(const SysfsTree& tree, const Uevent& event) {
    DeviceChange change{event.action, event.device(),
                        escaped_for_log(event.modalias, kMaxNameLength), "", ""};
    if (event.action == "bind") {
        const std::string bus = change.device.substr(0, change.device.find('/'));
        change.driver = escaped_for_log(event.driver, kMaxNameLength);
        change.module = module_of_driver(tree, bus, event.driver);
        const std::string driver_key = bus + "/" + event.driver;
        if (change.module.empty() && !event.driver.empty() &&
            unlinked_drivers_.count(driver_key) == 0) {
            for (auto waited = std::chrono::milliseconds(0);
                 change.module.empty() && waited < kModuleLinkWait; waited += kModuleLinkPoll) {
                pause_(kModuleLinkPoll);
                change.module = module_of_driver(tree, bus, event.driver);
            }
            if (change.module.empty() && unlinked_drivers_.size() < kMaxDevices)
                unlinked_drivers_.insert(driver_key);
        }
        if (bound_.size() < kMaxDevices || bound_.count(change.device) != 0)
            bound_[change.device] = {change.modalias, change.driver, change.module};
        return change;
    }
    const auto found = bound_.find(change.device);
    if (event.action == "unbind") {
        if (found == bound_.end())
            return change.modalias.empty() ? std::nullopt : std::optional<DeviceChange>(change);
        change.modalias = found->second.modalias;
        change.driver = found->second.driver;
        change.module = found->second.module;
    }
    if (found != bound_.end() && event.action != "add")
        bound_.erase(found);
    return change;
}

} // namespace modmgr
