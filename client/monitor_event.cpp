#include "monitor_event.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iterator>
#include <utility>

#include "text/escaped_text.h"
#include "text/string_join.h"
#include "wire_contract.h"

namespace modmgr {

namespace {

// The caller of modmgrd's own change; the daemon sends "" and -1 for anyone else's.
void attribute(MonitorEvent& event, const std::string& action, int32_t caller_uid) {
    if (action.empty())
        return;
    event.action = action;
    if (caller_uid >= 0)
        event.caller_uid = caller_uid;
}

// What the daemon sent, as a terminal may show it.
std::string shown(const std::string& text) {
    return escaped_for_log(text, wire::kMaxAnnouncedValueLength);
}

std::string device_line(const MonitorEvent& event) {
    std::string line = event.time + ' ' + event.event + ' ' + shown(*event.device);
    const auto add = [&](const char* name, const std::string& value) {
        if (!value.empty())
            line += std::string(" ") + name + "=\"" + shown(value) + '"';
    };
    add("modalias", event.modalias.value_or(""));
    add("driver", event.driver.value_or(""));
    add("module", event.module);
    return line + '\n';
}

} // namespace

std::vector<MonitorEvent> events_of_change(const std::vector<std::string>& loaded,
                                           const std::vector<std::string>& unloaded,
                                           const std::string& action, int32_t caller_uid,
                                           const std::string& time) {
    MonitorEvent attributed;
    attributed.time = time;
    attribute(attributed, action, caller_uid);
    std::vector<MonitorEvent> events;
    const auto add = [&](const std::vector<std::string>& modules, const char* what) {
        for (const auto& module : modules) {
            events.push_back(attributed);
            events.back().event = what;
            events.back().module = module;
        }
    };
    add(loaded, "loaded");
    add(unloaded, "unloaded");
    return events;
}

MonitorEvent config_changed_event(const std::string& module, const std::string& setting,
                                  const std::string& value, const std::string& action,
                                  int32_t caller_uid, const std::string& time) {
    MonitorEvent event;
    event.time = time;
    event.event = "config-changed";
    event.module = module;
    if (!setting.empty()) {
        event.setting = setting;
        event.value = value;
    }
    attribute(event, action, caller_uid);
    return event;
}

std::optional<MonitorEvent> device_changed_event(const std::string& action,
                                                 const std::string& device,
                                                 const std::string& modalias,
                                                 const std::string& driver,
                                                 const std::string& module,
                                                 const std::string& time) {
    static const std::pair<const char*, const char*> kEvents[] = {{"add", "device-added"},
                                                                  {"remove", "device-removed"},
                                                                  {"bind", "device-bound"},
                                                                  {"unbind", "device-unbound"}};
    const auto* known = std::find_if(std::begin(kEvents), std::end(kEvents),
                                     [&](const auto& entry) { return action == entry.first; });
    if (known == std::end(kEvents))
        return std::nullopt;
    MonitorEvent event;
    event.time = time;
    event.event = known->second;
    event.module = module;
    event.device = device;
    if (!modalias.empty())
        event.modalias = modalias;
    if (!driver.empty())
        event.driver = driver;
    return event;
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
    if (event.device)
        return device_line(event);
    std::string line = event.time + ' ' + event.event + ' ' + shown(event.module);
    if (event.setting)
        line += ' ' + shown(*event.setting) + "=\"" + shown(event.value.value_or("")) + '"';
    std::vector<std::string> in_parentheses;
    if (event.caller_uid) {
        const std::string uid = "uid " + std::to_string(*event.caller_uid);
        if (event.user) {
            line += " by " + shown(*event.user);
            in_parentheses.push_back(uid);
        } else {
            line += " by " + uid;
        }
    }
    if (event.action)
        in_parentheses.push_back(shown(*event.action));
    if (!in_parentheses.empty())
        line += " (" + join(in_parentheses, ", ") + ')';
    return line + '\n';
}

} // namespace modmgr
