#pragma once
// The system bus modctl talks to: this machine's, or with a host that of another machine over
// ssh (`ssh -xT HOST systemd-stdio-bridge`, as hostnamectl -H does).
#include <memory>
#include <string>

#include <sdbus-c++/IConnection.h>

namespace modmgr {

// An empty `host` is the local system bus (DBUS_SYSTEM_BUS_ADDRESS is honoured); otherwise
// [USER@]HOST. Throws CommandFailure (DaemonUnreachable) when there is none. Over ssh, a host
// that cannot be reached shows only at the first call, as a Disconnected or NoReply error.
std::unique_ptr<sdbus::IConnection> connect_system_bus(const std::string& host);

} // namespace modmgr
