#pragma once
// The devices a module drives now: its drivers (/sys/module/NAME/drivers/BUS:DRIVER) and the
// devices bound to each (the driver directory's device symlinks), as "BUS/NAME".
#include <string>
#include <vector>

#include "devices/sysfs_tree.h"

namespace modmgr {

// At most kMaxDevices, sorted; none when the module has no drivers directory (not loaded, or
// it registers no driver). `module` is a module's name as libkmod gives it.
std::vector<std::string> devices_driven_by(const SysfsTree& tree, const std::string& module);

} // namespace modmgr
