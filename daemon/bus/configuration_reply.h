#pragma once
// ModuleConfiguration (kernel library) -> the fields GetConfiguration answers, as
// dbus/org.modmgr1.xml documents them. They go on the bus as Info's do (info_reply.h), so
// and Info share the key "config_sources" and its type.
#include "config/config_index.h"
#include "info/module_info.h"

namespace modmgr {

ModuleInfo configuration_fields(const ModuleConfiguration& configuration);

} // namespace modmgr
