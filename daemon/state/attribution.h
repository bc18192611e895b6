#pragma once
// Who made a change to the loaded modules, for ModulesChanged.
#include <cstdint>
#include <string>

namespace modmgr {

// Empty (no action, uid -1) for changes made outside modmgrd.
struct Attribution {
    std::string action;
    int32_t caller_uid = -1;
};

} // namespace modmgr
