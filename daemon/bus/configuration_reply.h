#pragma once
// ModuleConfiguration (kernel library) -> a{sv}, as GetConfiguration documents it in
// dbus/org.modmgr1.xml.
#include <sdbus-c++/Types.h>

#include <map>
#include <string>

#include "config/config_index.h"

namespace modmgr {

std::map<std::string, sdbus::Variant> to_variant_map(const ModuleConfiguration& configuration);

} // namespace modmgr
