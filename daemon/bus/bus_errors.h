#pragma once
// The kernel library's typed errors as D-Bus errors (names in wire_contract.h).
#include <sdbus-c++/Error.h>

#include "base/module_error.h"
#include "wire_contract.h"

namespace modmgr {

// org.modmgr1.Error.<Code> with the library's message.
sdbus::Error to_bus_error(const ModuleError& error);
sdbus::Error failed(const std::string& message);

} // namespace modmgr
