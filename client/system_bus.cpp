#include "system_bus.h"

#include <sdbus-c++/Error.h>

#include "exit_codes.h"

namespace modmgr {

std::unique_ptr<sdbus::IConnection> connect_system_bus(const std::string& host) {
    try {
        return host.empty() ? sdbus::createSystemBusConnection()
                            : sdbus::createRemoteSystemBusConnection(host);
    } catch (const sdbus::Error& error) {
        const std::string bus = host.empty() ? "the system bus" : "the system bus of " + host;
        throw CommandFailure(ExitCode::DaemonUnreachable,
                             "cannot connect to " + bus + ": " + error.getMessage());
    }
}

} // namespace modmgr
