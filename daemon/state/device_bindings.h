#pragma once
// What DeviceChanged says of a device uevent: the device, its modalias, and the driver and
// module bound (bind) or just unbound (unbind). The kernel's unbind uevent names no driver
// (it is gone from the device by then), so the bindings seen are kept: read from sysfs once
// at start-up, then from each bind. Used by one thread only (the device worker), in the order
// the uevents came, so that an unbind always finds the bind before it.
#include <map>
#include <string>
#include <utility>

#include "devices/sysfs_tree.h"
#include "state/uevent_monitor.h"

namespace modmgr {

struct DeviceChange {
    std::string action; // add, remove, bind, unbind
    std::string device; // BUS/NAME
    std::string modalias;
    std::string driver;
    std::string module;
};

class DeviceBindings {
public:
    // The drivers bound now, as `tree` shows them.
    void read_current(const SysfsTree& tree);
    // `event` (Uevent::device() is not empty) as DeviceChanged tells it.
    DeviceChange change(const SysfsTree& tree, const Uevent& event);

private:
    // Device -> (driver, module), at most kMaxDevices.
    std::map<std::string, std::pair<std::string, std::string>> bound_;
};

} // namespace modmgr
