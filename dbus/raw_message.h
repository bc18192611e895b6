// The sd_bus_message behind an sdbus::Message, for what sdbus-c++ 1.2.0 has no accessor for:
// the ALLOW_INTERACTIVE_AUTHORIZATION flag, which modmgrd reads.
#pragma once

#include <sdbus-c++/Message.h>
#include <systemd/sd-bus.h>

namespace modmgr {

namespace detail {
// Message::msg_ is protected. A pointer to it formed through a derived class is legal C++ and
// applies to any Message; casting a Message to this class instead would name a type the
// object is not.
struct MessageAccess : sdbus::Message {
    static constexpr void* sdbus::Message::*raw = &MessageAccess::msg_;
};
} // namespace detail

inline sd_bus_message* raw_message(const sdbus::Message& message) {
    return static_cast<sd_bus_message*>(message.*detail::MessageAccess::raw);
}

} // namespace modmgr
