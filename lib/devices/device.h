#pragma once
// A device the kernel exposes with a modalias, as ListDevices describes it (see
// dbus/org.modmgr1.xml): where it is, what it is, what drives it and what could.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace modmgr {

// A listing covers at most this many devices (a large server has a few thousand with a
// modalias, most of them CPUs and memory blocks); past it, `truncated` says so.
constexpr size_t kMaxDevices = 4096;
// Directory entries looked at in all (devices without a modalias included) before a listing
// stops, so that no tree makes one call read without end.
constexpr size_t kMaxDeviceEntries = 4 * kMaxDevices;
// Per device: its uevent fields, each value's length, and its candidate modules.
constexpr size_t kMaxIdentityFields = 16;
constexpr size_t kMaxIdentityValueLength = 256;
constexpr size_t kMaxCandidates = 64;

struct DeviceCandidate {
    std::string module;
    bool blacklisted = false;
    // The configuration forbids every load of the module (config/masks.h); filled by
    // ModuleService from the configuration, not by the lookup.
    bool masked = false;
};

struct Device {
    std::string bus;  // pci
    std::string name; // 0000:00:03.0: the device is "bus/name" to LoadForDevice
    std::string modalias;
    // The device's uevent fields but MODALIAS and DRIVER (PCI_ID=8086:10D3, PRODUCT=46d/c52b/1201,
    // HID_NAME=...), values escaped as for a terminal.
    std::map<std::string, std::string> identity;
    std::string driver; // "" when no driver is bound
    std::string module; // the driver's module, "" when built in or none is bound
    std::vector<DeviceCandidate> candidates;
};

struct DeviceListing {
    std::vector<Device> devices;
    bool truncated = false;
};

} // namespace modmgr
