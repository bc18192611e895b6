#include "caller.h"

#include <sdbus-c++/sdbus-c++.h>
#include <systemd/sd-bus.h>

namespace modmgr {

namespace {

// sdbus-c++ 1.2.0 has no accessor for the ALLOW_INTERACTIVE_AUTHORIZATION flag; the raw
// sd_bus_message is a protected member of sdbus::Message.
struct RawMessage : sdbus::Message {
    static sd_bus_message* of(const sdbus::Message& m) {
        return static_cast<sd_bus_message*>(static_cast<const RawMessage&>(m).msg_);
    }
};

} // namespace

Caller Caller::of_current_call(const sdbus::IObject& object) {
    Caller caller;
    const sdbus::Message* message = object.getCurrentlyProcessedMessage();
    if (!message)
        return caller;
    caller.sender = message->getSender();
    caller.interactive =
        sd_bus_message_get_allow_interactive_authorization(RawMessage::of(*message)) > 0;
    return caller;
}

} // namespace modmgr
