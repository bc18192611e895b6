#pragma once
// Who is calling: read from the message while its handler runs (sdbus-c++ only exposes it
// then); uid and pid are filled in later, asynchronously, by the Authorizer.
#include <cstdint>
#include <string>

namespace sdbus {
class IObject;
}

namespace modmgr {

struct Caller {
    std::string sender;       // unique bus name, the polkit subject
    bool interactive = false; // message carries ALLOW_INTERACTIVE_AUTHORIZATION
    int64_t uid = -1;         // -1 until known
    int64_t pid = -1;

    // The caller of the method call `object` is processing right now.
    static Caller of_current_call(const sdbus::IObject& object);
};

} // namespace modmgr
