#pragma once
// `modctl devices`: a table of the devices (DEVICE as BUS/NAME, what the kernel says it is,
// the driver bound and its module, the candidate modules), and the same as JSON
// (modctl-devices.schema.json).
#include <nlohmann/json.hpp>

#include "device_list.h"
#include "listing.h"

namespace modmgr {

// What a person recognises the device by: the first of its uevent fields that names it
// (HID_NAME, PCI_ID, PRODUCT, OF_COMPATIBLE_0, ...), else its modalias.
std::string device_identity(const DeviceEntry& device);

Listing devices_listing(const DeviceListingReply& listing);

nlohmann::json devices_json(const DeviceListingReply& listing);

} // namespace modmgr
