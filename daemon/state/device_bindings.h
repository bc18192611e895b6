#pragma once
// What DeviceChanged says of a device uevent: the device, its modalias, and the driver and
// module bound (bind) or just unbound (unbind). The kernel's unbind uevent names no driver
// (it is gone from the device by then) and has no MODALIAS, so the bindings seen are kept: read from sysfs once
// at start-up, then from each bind. Used by one thread only (the device worker), in the order
// the uevents came, so that an unbind always finds the bind before it.
#include <map>
#include <optional>
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
    // `event` (Uevent::device() is not empty) as DeviceChanged tells it; nullopt for the
    // unbind of a device this never saw bound with a modalias.
    std::optional<DeviceChange> change(const SysfsTree& tree, const Uevent& event);

private:
    struct Binding {
        std::string modalias;
        std::string driver;
        std::string module;
    };
    // Device -> its binding, at most kMaxDevices.
    std::map<std::string, Binding> bound_;
};

} // namespace modmgr
