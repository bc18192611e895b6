#pragma once
// What DeviceChanged says of a device uevent: the device, its modalias, and the driver and
// module bound (bind) or just unbound (unbind). The kernel's unbind uevent names no driver
// (it is gone from the device by then) and has no MODALIAS, so the bindings seen are kept: read from sysfs once
// at start-up, then from each bind. Used by one thread only (the device worker), in the order
// the uevents came, so that an unbind always finds the bind before it.
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
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
    using Pause = std::function<void(std::chrono::milliseconds)>;
    // The kernel links a driver to its module only after it has bound the devices it found
    // when the driver registered (bus_add_driver: driver_attach, then module_add_driver), so
    // the bind uevent of a module's first device can come before that link. A bind looks for
    // it again every kModuleLinkPoll, for at most kModuleLinkWait: a driver that has no module
    // link at all (built in without a module name) delays its first bind's signal that long;
    // once waited for in vain, such a driver is not waited for again, so that a burst of its
    // binds cannot hold up the device worker for seconds each.
    static constexpr std::chrono::milliseconds kModuleLinkPoll{20};
    static constexpr std::chrono::milliseconds kModuleLinkWait{1000};

    // `pause` waits on the device worker; tests pass their own.
    explicit DeviceBindings(Pause pause);
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
    Pause pause_;
    // Device -> its binding, at most kMaxDevices.
    std::map<std::string, Binding> bound_;
    // BUS/DRIVER of the drivers a whole wait found no module link for, at most kMaxDevices.
    std::set<std::string> unlinked_drivers_;
};

} // namespace modmgr
