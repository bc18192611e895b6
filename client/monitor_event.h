#pragma once
// What `modctl monitor` prints: one event per module of a ModulesChanged signal, and one per
// ConfigChanged signal.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace modmgr {

struct MonitorEvent {
    std::string time; // when modctl received it: ISO 8601 local time with milliseconds
    std::string event; // "loaded", "unloaded" or "config-changed"
    std::string module;
    // Both set only for a change modmgrd made itself (Load, LoadFile, Unload); a change made by
    // anyone else (modprobe, udev, the kernel) has neither, nor has a configuration change
    // (ConfigChanged does not say who made it).
    std::optional<int32_t> caller_uid;
    std::optional<std::string> action;
};

// The events of one ModulesChanged(loaded, unloaded, action, caller_uid): the loaded modules in
// load order, then the unloaded ones. The daemon sends action "" and uid -1 for external changes.
std::vector<MonitorEvent> events_of_change(const std::vector<std::string>& loaded,
                                           const std::vector<std::string>& unloaded,
                                           const std::string& action, int32_t caller_uid,
                                           const std::string& time);

// ConfigChanged(module): the module's configuration in effect may have changed.
MonitorEvent config_changed_event(const std::string& module, const std::string& time);

// e.g. 2024-11-26T03:45:12.345+01:00 (the numeric offset makes it unambiguous across DST).
std::string iso8601_local_time(std::chrono::system_clock::time_point when);

// One line: "TIME EVENT MODULE", plus " by uid N (ACTION)" for modmgrd's own changes.
std::string format_monitor_event(const MonitorEvent& event);

} // namespace modmgr
