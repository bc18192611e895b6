#pragma once
// DeviceListing (kernel library) -> what ListDevices answers, as dbus/org.modmgr1.xml
// documents it.
#include <tuple>
#include <vector>

#include "devices/device.h"
#include "wire_types.h"

namespace modmgr {

std::tuple<std::vector<wire::DeviceRow>, bool> device_rows(const DeviceListing& listing);

} // namespace modmgr
