#pragma once
// Which modules `modctl monitor [MODULE...]` reports: every one when none are named, else
// only those. Names, not aliases: what an alias stands for depends on the very configuration
// being monitored, and the signals name modules as the kernel does. '-' and '_' are the same.
#include <set>
#include <string>
#include <vector>

namespace modmgr {

class MonitorFilter {
public:
    // Throws CommandFailure (usage) for a name no module can have.
    explicit MonitorFilter(const std::vector<std::string>& names);

    bool wants(const std::string& module) const;
    // The match rules for ConfigSettingChanged and DeviceChanged. Each names the module in an
    // argument (ConfigSettingChanged's first, DeviceChanged's fifth), so the bus itself sends
    // only the named modules' events (arg0, arg4); ModulesChanged, whose modules are arrays,
    // is filtered here with wants(). One rule per signal for every module when none are named,
    // or more than a bus lets one connection add.
    std::vector<std::string> argument_matches() const;

private:
    std::set<std::string> modules_; // normalized
};

} // namespace modmgr
