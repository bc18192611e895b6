#include "monitor_event.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace modmgr {

std::vector<MonitorEvent> events_of_change(const std::vector<std::string>& loaded,
                                           const std::vector<std::string>& unloaded,
                                           const std::string& action, int32_t caller_uid,
                                           const std::string& time) {
    std::optional<int32_t> uid;
    std::optional<std::string> by_action;
    if (!action.empty()) {
        by_action = action;
        if (caller_uid >= 0)
            uid = caller_uid;
    }
    std::vector<MonitorEvent> events;
    for (const auto& module : loaded)
        events.push_back({time, "loaded", module, uid, by_action});
    for (const auto& module : unloaded)
        events.push_back({time, "unloaded", module, uid, by_action});
    return events;
}

MonitorEvent config_changed_event(const std::string& module, const std::string& time) {
    return {time, "config-changed", module, std::nullopt, std::nullopt};
}

std::string iso8601_local_time(std::chrono::system_clock::time_point when) {
    using namespace std::chrono;
    const auto since_epoch = when.time_since_epoch();
    const std::time_t seconds = duration_cast<std::chrono::seconds>(since_epoch).count();
    const auto millis = duration_cast<milliseconds>(since_epoch).count() % 1000;
    std::tm local{};
    ::localtime_r(&seconds, &local);
    char date_time[32];
    std::strftime(date_time, sizeof date_time, "%Y-%m-%dT%H:%M:%S", &local);
    const long offset_minutes = local.tm_gmtoff / 60;
    char text[64];
    std::snprintf(text, sizeof text, "%s.%03lld%c%02ld:%02ld", date_time,
                  static_cast<long long>(millis), offset_minutes < 0 ? '-' : '+',
                  std::labs(offset_minutes) / 60, std::labs(offset_minutes) % 60);
    return text;
}

std::string format_monitor_event(const MonitorEvent& event) {
    std::string line = event.time + ' ' + event.event + ' ' + event.module;
    if (event.caller_uid)
        line += " by uid " + std::to_string(*event.caller_uid);
    if (event.action)
        line += " (" + *event.action + ')';
    return line + '\n';
}

} // namespace modmgr
