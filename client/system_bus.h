#pragma once
// The system bus modctl talks to: this machine's, or with a host that of another machine over
// ssh (`ssh -xT HOST systemd-stdio-bridge`, as hostnamectl -H does). modctl speaks sd-bus
// directly: it makes one call and exits, and a C++ binding would add its own library and the
// shared libstdc++ to every start.
#include <memory>
#include <string>

#include <systemd/sd-bus.h>

namespace modmgr {

struct BusCloser {
    void operator()(sd_bus* bus) const { sd_bus_flush_close_unref(bus); }
};
using BusConnection = std::unique_ptr<sd_bus, BusCloser>;

struct MessageUnref {
    void operator()(sd_bus_message* message) const { sd_bus_message_unref(message); }
};
using BusMessage = std::unique_ptr<sd_bus_message, MessageUnref>;

struct SlotUnref {
    void operator()(sd_bus_slot* slot) const { sd_bus_slot_unref(slot); }
};
using BusSlot = std::unique_ptr<sd_bus_slot, SlotUnref>;

// An empty `host` is the local system bus (DBUS_SYSTEM_BUS_ADDRESS is honoured); otherwise
// [USER@]HOST. Throws CommandFailure (DaemonUnreachable) when there is none. Over ssh, a host
// that cannot be reached shows only at the first call, as a Disconnected or NoReply error.
BusConnection connect_system_bus(const std::string& host);

} // namespace modmgr
