#include "monitor_filter.h"

#include <algorithm>

#include "exit_codes.h"
#include "wire_contract.h"

namespace modmgr {

namespace {

// The kernel's MODULE_NAME_LEN less its NUL: no module's name is longer.
constexpr size_t kLongestModuleName = 55;
// Twice that (two signals) is well below the 512 match rules dbus-daemon's system bus allows
// a connection.
constexpr size_t kMostArgumentMatches = 32;

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
}

// Only such names go into a match rule, where a quote would end the value.
void check_module_name(const std::string& name) {
    if (name.empty() || name.size() > kLongestModuleName ||
        !std::all_of(name.begin(), name.end(), is_name_char))
        throw CommandFailure(ExitCode::Usage,
                             "not a module name: \"" + name +
                                 "\" (monitor takes names: letters, digits, '_' and '-')");
}

} // namespace

MonitorFilter::MonitorFilter(const std::vector<std::string>& names) {
    for (std::string name : names) {
        check_module_name(name);
        std::replace(name.begin(), name.end(), '-', '_');
        modules_.insert(std::move(name));
    }
}

bool MonitorFilter::wants(const std::string& module) const {
    return modules_.empty() || modules_.count(module) > 0;
}

std::vector<std::string> MonitorFilter::argument_matches() const {
    std::vector<std::string> rules;
    const auto add = [&](const char* signal, const char* module_argument) {
        const std::string every = std::string("type='signal',sender='") + wire::kBusName +
                                  "',path='" + wire::kManagerPath + "',interface='" +
                                  wire::kManagerInterface + "',member='" + signal + "'";
        if (modules_.empty() || modules_.size() > kMostArgumentMatches)
            rules.push_back(every);
        else
            for (const auto& module : modules_)
                rules.push_back(every + "," + module_argument + "='" + module + "'");
    };
    add(wire::manager_signal::kConfigSettingChanged, "arg0");
    add(wire::manager_signal::kDeviceChanged, "arg4");
    return rules;
}

} // namespace modmgr
