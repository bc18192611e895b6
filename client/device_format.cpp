#include "device_format.h"

#include "text/string_join.h"

namespace modmgr {

namespace {

// The uevent fields that say what a device is, most telling first.
const char* const kIdentityKeys[] = {"HID_NAME", "NAME",     "PCI_ID",         "PRODUCT",
                                     "OF_COMPATIBLE_0", "OF_NAME", "SERIO_TYPE", "ID"};

std::string driver_of(const DeviceEntry& device) {
    if (device.driver.empty())
        return "-";
    if (device.module.empty())
        return device.driver + " (builtin)";
    return device.module == device.driver ? device.driver : device.driver + " (" + device.module + ")";
}

std::string candidates_of(const DeviceEntry& device) {
    std::vector<std::string> names;
    for (const auto& candidate : device.candidates)
        names.push_back(candidate.module + (candidate.masked        ? " (masked)"
                                            : candidate.blacklisted ? " (blacklisted)"
                                                                    : ""));
    return names.empty() ? "-" : join(names, ", ");
}

std::string legend(const DeviceListingReply& listing) {
    const size_t count = listing.devices.size();
    std::string text = std::to_string(count) + (count == 1 ? " device" : " devices") + " listed";
    if (listing.truncated)
        text += " (modmgrd cut its answer short: the kernel has more)";
    return text + ".";
}

} // namespace

std::string device_identity(const DeviceEntry& device) {
    for (const char* key : kIdentityKeys)
        for (const auto& [field, value] : device.identity)
            if (field == key && !value.empty())
                return value;
    return device.modalias;
}

Listing devices_listing(const DeviceListingReply& listing) {
    if (listing.devices.empty())
        return {"", "", {legend(listing)}};
    std::vector<std::vector<std::string>> rows;
    for (const auto& device : listing.devices)
        rows.push_back({device.id(), device_identity(device), driver_of(device), candidates_of(device)});
    return aligned_listing({"DEVICE", "IDENTITY", "DRIVER", "CANDIDATES"}, rows, {"", legend(listing)});
}

nlohmann::json devices_json(const DeviceListingReply& listing) {
    nlohmann::json devices = nlohmann::json::array();
    for (const auto& device : listing.devices) {
        nlohmann::json identity = nlohmann::json::object();
        for (const auto& [key, value] : device.identity)
            identity[key] = value;
        nlohmann::json candidates = nlohmann::json::array();
        for (const auto& candidate : device.candidates)
            candidates.push_back({{"module", candidate.module},
                                  {"blacklisted", candidate.blacklisted},
                                  {"masked", candidate.masked}});
        devices.push_back({{"device", device.id()},
                           {"bus", device.bus},
                           {"name", device.name},
                           {"modalias", device.modalias},
                           {"identity", identity},
                           {"driver", device.driver.empty() ? nlohmann::json() : nlohmann::json(device.driver)},
                           {"module", device.module.empty() ? nlohmann::json() : nlohmann::json(device.module)},
                           {"candidates", candidates}});
    }
    return {{"devices", devices}, {"truncated", listing.truncated}};
}

} // namespace modmgr
