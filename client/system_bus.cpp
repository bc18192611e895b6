#include "system_bus.h"

#include <cstring>

#include "exit_codes.h"

namespace modmgr {

BusConnection connect_system_bus(const std::string& host) {
    sd_bus* bus = nullptr;
    const int result = host.empty() ? sd_bus_open_system(&bus)
                                     : sd_bus_open_system_remote(&bus, host.c_str());
    if (result < 0) {
        const std::string name = host.empty() ? "the system bus" : "the system bus of " + host;
        throw CommandFailure(ExitCode::DaemonUnreachable, "cannot connect to " + name +
                                                              ": Failed to open bus (" +
                                                              std::strerror(-result) + ")");
    }
    return BusConnection(bus);
}

} // namespace modmgr
