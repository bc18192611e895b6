#include "calls/caller.h"

#include <sdbus-c++/sdbus-c++.h>
#include <systemd/sd-bus.h>

#include "raw_message.h"

namespace modmgr {

Caller Caller::of_current_call(const sdbus::IObject& object) {
    Caller caller;
    const sdbus::Message* message = object.getCurrentlyProcessedMessage();
    if (!message)
        return caller;
    caller.sender = message->getSender();
    caller.interactive =
        sd_bus_message_get_allow_interactive_authorization(raw_message(*message)) > 0;
    return caller;
}

} // namespace modmgr
