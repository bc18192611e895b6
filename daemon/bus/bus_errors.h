#pragma once
// D-Bus error names of the API (dbus/org.modmgr1.xml) and the mapping from the kernel
// library's typed errors to them.
#include <sdbus-c++/Error.h>

#include "base/module_error.h"

namespace modmgr {

constexpr const char* kErrorPrefix = "org.modmgr1.Error.";
constexpr const char* kAccessDenied = "org.freedesktop.DBus.Error.AccessDenied";
constexpr const char* kInteractiveAuthorizationRequired =
    "org.freedesktop.DBus.Error.InteractiveAuthorizationRequired";
constexpr const char* kInvalidArgs = "org.freedesktop.DBus.Error.InvalidArgs";
constexpr const char* kLimitsExceeded = "org.freedesktop.DBus.Error.LimitsExceeded";

// org.modmgr1.Error.<Code> with the library's message.
sdbus::Error to_bus_error(const ModuleError& error);
sdbus::Error failed(const std::string& message);

} // namespace modmgr
