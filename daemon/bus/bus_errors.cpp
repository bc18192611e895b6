#include "bus/bus_errors.h"

#include <string>

namespace modmgr {

sdbus::Error to_bus_error(const ModuleError& error) {
    return sdbus::Error(std::string(kErrorPrefix) + error_code_name(error.code()), error.what());
}

sdbus::Error failed(const std::string& message) {
    return sdbus::Error(std::string(kErrorPrefix) + "Failed", message);
}

} // namespace modmgr
