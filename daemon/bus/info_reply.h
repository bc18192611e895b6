#pragma once
// ModuleInfo (kernel library) -> a{sv} (D-Bus), with the types dbus/org.modmgr1.xml documents.
#include <sdbus-c++/Types.h>

#include <map>
#include <string>

#include "info/module_info.h"

namespace modmgr {

std::map<std::string, sdbus::Variant> to_variant_map(const ModuleInfo& info);

} // namespace modmgr
