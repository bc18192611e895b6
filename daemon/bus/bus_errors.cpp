#include "bus/bus_errors.h"

namespace modmgr {

sdbus::Error to_bus_error(const ModuleError& error) {
    return sdbus::Error(error_code_name(error.code()), error.what());
}

sdbus::Error failed(const std::string& message) {
    return sdbus::Error(wire::error::kFailed, message);
}

} // namespace modmgr
