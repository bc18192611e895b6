#pragma once
// What `modctl monitor` prints: one event per module of a ModulesChanged signal, and one per
// ConfigSettingChanged and DeviceChanged signal.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace modmgr {

struct MonitorEvent {
    std::string time; // when modctl received it: ISO 8601 local time with milliseconds
    // "loaded", "unloaded", "config-changed", or a device's "device-added", "device-removed",
    // "device-bound" or "device-unbound"
    std::string event;
    std::string module; // "" for a device event whose device has no driver's module
    // Both set only for a change modmgrd made for a caller (Load, LoadFile, Unload, the Set*
    // calls); a change made by anyone else (modprobe, udev, the kernel, an edit of the
    // configuration files) has neither.
    std::optional<int32_t> caller_uid;
    std::optional<std::string> action;
    // The caller's user name, when the machine modctl runs on has one for caller_uid (set by
    // the monitor: with --host the uid is the remote machine's, and no name is looked up).
    std::optional<std::string> user;
    // A configuration change a Set* call made: the setting ("blacklist", "options",
    // "load_at_boot") and the value it asked for.
    std::optional<std::string> setting;
    std::optional<std::string> value;
    // A device event's device (BUS/NAME), and its modalias and driver when it has them.
    std::optional<std::string> device;
    std::optional<std::string> modalias;
    std::optional<std::string> driver;
};

// The events of one ModulesChanged(loaded, unloaded, action, caller_uid): the loaded modules in
// load order, then the unloaded ones. The daemon sends action "" and uid -1 for external changes.
std::vector<MonitorEvent> events_of_change(const std::vector<std::string>& loaded,
                                           const std::vector<std::string>& unloaded,
                                           const std::string& action, int32_t caller_uid,
                                           const std::string& time);

// ConfigSettingChanged(module, setting, value, action, caller_uid): setting "" when no call set
// the module's setting (its lines moved with a call's change of another module: that call's
// caller; a change of the files by hand or by a package: action "" and uid -1, no caller).
MonitorEvent config_changed_event(const std::string& module, const std::string& setting,
                                  const std::string& value, const std::string& action,
                                  int32_t caller_uid, const std::string& time);

// DeviceChanged(action, device, modalias, driver, module); nullopt for an action this modctl
// does not know (a later modmgrd's), which it skips as it skips a signal of another signature.
std::optional<MonitorEvent> device_changed_event(const std::string& action,
                                                 const std::string& device,
                                                 const std::string& modalias,
                                                 const std::string& driver,
                                                 const std::string& module,
                                                 const std::string& time);

// e.g. 2024-11-26T03:45:12.345+01:00 (the numeric offset makes it unambiguous across DST).
std::string iso8601_local_time(std::chrono::system_clock::time_point when);

// One line: "TIME EVENT MODULE", then for a Set* call's change ' SETTING="VALUE"', then for
// modmgrd's own changes " by USER (uid N, ACTION)", or " by uid N (ACTION)" when the user has
// no name here. A device event: "TIME EVENT DEVICE", then ' modalias="M"', ' driver="D"' and
// ' module="MODULE"' for those it has. Whatever the daemon sent that is not printable ASCII is shown escaped (\xNN):
// another user's option value never reaches the terminal raw.
std::string format_monitor_event(const MonitorEvent& event);

} // namespace modmgr
