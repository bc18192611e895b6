#include "bus_error.h"

#include <cstring>

namespace modmgr {

int check_bus_result(int result, const sd_bus_error* error, const char* what) {
    if (result >= 0)
        return result;
    if (error && sd_bus_error_is_set(error))
        throw BusError(error->name, error->message ? error->message : "");
    OwnedBusError named;
    sd_bus_error_set_errno(&named.error, result);
    throw BusError(named.error.name, std::string(what) + " (" + std::strerror(-result) + ")");
}

} // namespace modmgr
