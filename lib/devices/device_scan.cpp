#include "devices/device_scan.h"

#include "base/module_error.h"
#include "text/escaped_text.h"

namespace modmgr {
namespace {

constexpr size_t kMaxBuses = 256;
constexpr size_t kMaxNameShown = 128;

bool is_uevent_key(const std::string& key) {
    if (key.empty())
        return false;
    for (unsigned char c : key)
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    return true;
}

std::string without_newline(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\0'))
        text.pop_back();
    return text;
}

std::map<std::string, std::string> identity_of(const std::string& uevent) {
    std::map<std::string, std::string> identity;
    size_t start = 0;
    while (start < uevent.size() && identity.size() < kMaxIdentityFields) {
        size_t end = uevent.find('\n', start);
        if (end == std::string::npos)
            end = uevent.size();
        const std::string line = uevent.substr(start, end - start);
        start = end + 1;
        const size_t equals = line.find('=');
        if (equals == std::string::npos)
            continue;
        const std::string key = line.substr(0, equals);
        if (!is_uevent_key(key) || key == "MODALIAS" || key == "DRIVER")
            continue;
        identity[key] = escaped_for_log(line.substr(equals + 1), kMaxIdentityValueLength);
    }
    return identity;
}

bool acceptable(const std::string& bus, const std::string& name) {
    try {
        validate_device_name(bus + "/" + name);
        return true;
    } catch (const ModuleError&) {
        return false;
    }
}

std::optional<Device> read_named(const SysfsTree& tree, const std::string& bus,
                                 const std::string& name) {
    const SysfsDirectory directory = tree.directory("bus/" + bus + "/devices/" + name);
    const auto modalias = directory.attribute("modalias");
    if (!modalias)
        return std::nullopt;
    Device device;
    device.bus = bus;
    device.name = name;
    device.modalias = escaped_for_log(without_newline(*modalias), kMaxNameLength);
    device.identity = identity_of(directory.attribute("uevent").value_or(""));
    const std::string driver = directory.link_name("driver");
    if (!driver.empty()) {
        device.driver = escaped_for_log(driver, kMaxNameShown);
        device.module = module_of_driver(tree, bus, driver);
    }
    return device;
}

} // namespace

DeviceListing scan_devices(const SysfsTree& tree, bool unbound_only) {
    DeviceListing listing;
    size_t looked_at = 0;
    for (const auto& bus : tree.directory("bus").entries(kMaxBuses, listing.truncated)) {
        if (!acceptable(bus, "x"))
            continue;
        bool more = false;
        const auto names =
            tree.directory("bus/" + bus + "/devices").entries(kMaxDeviceEntries - looked_at, more);
        looked_at += names.size();
        listing.truncated |= more;
        for (const auto& name : names) {
            if (!acceptable(bus, name))
                continue;
            auto device = read_named(tree, bus, name);
            if (!device || (unbound_only && !device->driver.empty()))
                continue;
            if (listing.devices.size() == kMaxDevices) {
                listing.truncated = true;
                return listing;
            }
            listing.devices.push_back(std::move(*device));
        }
        if (looked_at == kMaxDeviceEntries)
            break;
    }
    return listing;
}

std::string module_of_driver(const SysfsTree& tree, const std::string& bus,
                             const std::string& driver) {
    if (driver.empty() || driver[0] == '.' || driver.find('/') != std::string::npos ||
        !acceptable(bus, "x"))
        return {};
    return escaped_for_log(tree.directory("bus/" + bus + "/drivers/" + driver).link_name("module"),
                           kMaxNameShown);
}

std::optional<Device> read_device(const SysfsTree& tree, const DeviceName& device) {
    return read_named(tree, device.bus(), device.name());
}

} // namespace modmgr
