#pragma once
// modinfo, as data: every field libkmod reads from a module's .modinfo section (or from
// modules.builtin.modinfo), typed as documented for Info in dbus/org.modmgr1.xml, plus live
// state and the module's persistent configuration with its sources.
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "config/config_index.h"

namespace modmgr {

struct ParameterDescription {
    std::string name;
    std::string type;        // from parmtype, "" when the module declares none
    std::string description; // from parm, "" when none
    bool operator==(const ParameterDescription& o) const {
        return name == o.name && type == o.type && description == o.description;
    }
};

using InfoValue = std::variant<std::string,                         // s
                               bool,                                // b
                               uint64_t,                            // t
                               int32_t,                             // i
                               std::vector<std::string>,            // as
                               std::vector<ParameterDescription>,   // a(sss)
                               std::map<std::string, std::string>,  // a{ss}
                               std::vector<ConfigSource>>;          // a(ssisb)

// Keys absent when unknown. See dbus/org.modmgr1.xml for the list and types.
using ModuleInfo = std::map<std::string, InfoValue>;

} // namespace modmgr
