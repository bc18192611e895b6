#pragma once
// One row of Manager.ListDevices (a(sssa{ss}ssa(sbb))), named.
#include <string>
#include <utility>
#include <vector>

namespace modmgr {

struct DeviceCandidateEntry {
    std::string module;
    bool blacklisted = false;
    bool masked = false;
};

struct DeviceEntry {
    std::string bus;
    std::string name;
    std::string modalias;
    std::vector<std::pair<std::string, std::string>> identity; // uevent fields, in key order
    std::string driver; // "" when none is bound
    std::string module; // "" when built in or none is bound
    std::vector<DeviceCandidateEntry> candidates;

    // "BUS/NAME", as LoadForDevice and modctl load --for-device take it.
    std::string id() const { return bus + "/" + name; }
};

struct DeviceListingReply {
    std::vector<DeviceEntry> devices;
    bool truncated = false;
};

} // namespace modmgr
