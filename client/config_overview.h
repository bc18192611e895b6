#pragma once
// ListConfiguration's answer (a(sssisb), b), named: every blacklist, options and load-at-boot
// line in effect, in the order the configuration is read. Its texts are borrowed from the
// reply, which it keeps (see decoded_value.h).
#include <string_view>
#include <vector>

#include "decoded_value.h"
#include "system_bus.h"

namespace modmgr {

struct ConfigOverviewEntry {
    std::string_view name; // the module the line concerns
    ConfigSourceEntry source;  // kind: blacklist, options or load
};

struct ConfigOverview {
    BusMessage reply;
    std::vector<ConfigOverviewEntry> entries;
    // modmgrd cut a text or left entries out to keep its reply bounded.
    bool truncated = false;
};

} // namespace modmgr
