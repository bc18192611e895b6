#pragma once
// Decides whether a caller may perform an action: uid 0 without a round trip (early boot,
// polkitd absent), everyone else through polkit, with the fallback of
// authorization_actions.h when polkit cannot answer. Event-loop thread only.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <sdbus-c++/Error.h>

#include "authorization_actions.h"
#include "caller.h"
#include "polkit_authority.h"

namespace sdbus {
class IConnection;
class IProxy;
} // namespace sdbus

namespace modmgr {

struct AuthDecision {
    Caller caller;                    // with uid and pid filled in when the bus told them
    std::optional<sdbus::Error> error; // empty = allowed
    std::string how;                  // "root", "polkit", "polkit unavailable: ..."
};

class Authorizer {
public:
    Authorizer(sdbus::IConnection& connection, PolkitTimeouts timeouts);
    ~Authorizer();

    // `done` runs on the event-loop thread, exactly once.
    void check(const Caller& caller, const AuthorizationAction& action,
               const std::map<std::string, std::string>& details,
               std::function<void(AuthDecision)> done);

    // What `caller` may do, by non-interactive checks: action id -> "yes", "auth" (after
    // authentication) or "no"; when polkit cannot answer, the shipped fallback.
    void permissions(const Caller& caller,
                     std::function<void(std::map<std::string, std::string>)> done);

private:
    // Fills in uid and pid from the bus; `done` gets the error when the caller is unknown.
    void identify(const Caller& caller, std::function<void(AuthDecision)> done);
    void ask_polkit(AuthDecision decision, const AuthorizationAction& action,
                    const std::map<std::string, std::string>& details,
                    std::function<void(AuthDecision)> done);

    std::unique_ptr<sdbus::IProxy> bus_proxy_;
    PolkitAuthority polkit_;
};

} // namespace modmgr
