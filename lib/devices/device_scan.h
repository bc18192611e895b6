#pragma once
// The devices of a sysfs tree that have a modalias (/sys/bus/*/devices/* with a modalias
// file), read as the kernel shows them: bus, name, modalias, uevent identity, the driver
// bound (the `driver` symlink) and its module (the driver's `module` symlink). Candidates
// are the module tree's to say (device_candidates.h).
#include <optional>

#include "base/input_validation.h"
#include "devices/device.h"
#include "devices/sysfs_tree.h"

namespace modmgr {

// Every device with a modalias, bus by bus in directory order, within kMaxDevices and
// kMaxDeviceEntries; with `unbound_only` only those no driver is bound to. A device whose
// sysfs name DeviceName would refuse is left out: no caller could name it back.
DeviceListing scan_devices(const SysfsTree& tree, bool unbound_only);

// The module of the driver `driver` of `bus` (its `module` symlink): "" when the driver is
// built in, or is no name of a driver.
std::string module_of_driver(const SysfsTree& tree, const std::string& bus,
                             const std::string& driver);

// One device; nullopt when the tree has no such device or it has no modalias.
std::optional<Device> read_device(const SysfsTree& tree, const DeviceName& device);

} // namespace modmgr
