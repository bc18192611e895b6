#include "bus/device_rows.h"

namespace modmgr {

std::tuple<std::vector<wire::DeviceRow>, bool> device_rows(const DeviceListing& listing) {
    std::vector<wire::DeviceRow> rows;
    rows.reserve(listing.devices.size());
    for (const auto& device : listing.devices) {
        std::vector<wire::DeviceCandidateRow> candidates;
        for (const auto& candidate : device.candidates)
            candidates.emplace_back(candidate.module, candidate.blacklisted, candidate.masked);
        rows.emplace_back(device.bus, device.name, device.modalias, device.identity, device.driver,
                          device.module, std::move(candidates));
    }
    return {std::move(rows), listing.truncated};
}

} // namespace modmgr
