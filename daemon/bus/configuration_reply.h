#pragma once
// ModuleConfiguration (kernel library) -> the fields GetConfiguration answers, as
// dbus/org.modmgr1.xml documents them. They go on the bus as Info's do (info_reply.h), so
// and Info share the key "config_sources" and its type. ConfigurationListing -> the entries
// ListConfiguration answers.
#include <tuple>
#include <vector>

#include "config/config_index.h"
#include "config/configuration_listing.h"
#include "info/module_info.h"
#include "wire_types.h"

namespace modmgr {

ModuleInfo configuration_fields(const ModuleConfiguration& configuration);

std::tuple<std::vector<wire::ConfigEntryRow>, bool> configuration_entries(
    const ConfigurationListing& listing);

} // namespace modmgr
