#pragma once
// Decides whether a caller may perform an action:
//  - uid 0 with CAP_SYS_MODULE in its effective set: yes, without a round trip (early boot,
//    polkitd absent; polkit would say yes to root anyway);
//  - uid 0 without it (a sandboxed service, a container given the bus socket): what everyone
//    gets when polkit cannot answer (authorization_actions.h): inspect yes, changes no. A
//    process that may not load modules itself must not have modmgrd do it, and polkit cannot
//    refuse it (it authorizes uid 0 for everything);
//  - everyone else: polkit, once per details map (one per module the call concerns); all
//    must allow. When polkit cannot answer, the fallback of authorization_actions.h.
// Event-loop thread only.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <sdbus-c++/Error.h>

#include "authorization/authorization_actions.h"
#include "authorization/polkit_authority.h"
#include "calls/caller.h"
#include "calls/sender_identities.h"

namespace sdbus {
class IConnection;
class IProxy;
} // namespace sdbus

namespace modmgr {

using PolkitDetails = std::map<std::string, std::string>;

struct AuthDecision {
    std::optional<sdbus::Error> error; // empty = allowed
    std::string how;                   // "root", "polkit: ...", "polkit unavailable: ..."
};

class Authorizer {
public:
    Authorizer(sdbus::IConnection& connection, PolkitTimeouts timeouts, PolkitLimits limits = {});
    ~Authorizer();

    // The uid and pid behind a bus connection (cached; see SenderIdentities).
    SenderIdentities& identities() { return identities_; }

    // For a caller whose uid and pid are known. `done` runs on the loop thread, exactly once.
    void check(const Caller& caller, const AuthorizationAction& action,
               std::vector<PolkitDetails> each, std::function<void(AuthDecision)> done);

    // What `caller` (uid and pid known) may do, by non-interactive checks: action id -> "yes",
    // "auth" (after authentication) or "no"; when polkit cannot answer, the shipped fallback.
    void permissions(const Caller& caller,
                     std::function<void(std::map<std::string, std::string>)> done);

private:
    // The polkit checks of `each` from `next` on, one after the other.
    void ask_polkit(const Caller& caller, const AuthorizationAction& action,
                    std::shared_ptr<std::vector<PolkitDetails>> each, size_t next,
                    std::function<void(AuthDecision)> done);

    std::unique_ptr<sdbus::IProxy> bus_proxy_;
    SenderIdentities identities_;
    PolkitAuthority polkit_;
};

} // namespace modmgr
