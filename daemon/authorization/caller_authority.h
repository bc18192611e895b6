#pragma once
// What the CallPipeline asks about a caller: who it is (uid and pid) and whether it may do
// what it asks. Authorizer answers from the bus daemon and polkit; the pipeline's unit test
// answers with a fake. Event-loop thread only; every `done` runs on the loop, exactly once.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <sdbus-c++/Error.h>

#include "authorization/authorization_actions.h"
#include "calls/caller.h"
#include "calls/sender_identities.h"

namespace modmgr {

using PolkitDetails = std::map<std::string, std::string>;

struct AuthDecision {
    std::optional<sdbus::Error> error; // empty = allowed
    std::string how;                   // "root", "polkit: ...", "polkit unavailable: ..."
};

class CallerAuthority {
public:
    virtual ~CallerAuthority() = default;

    // The identity of `sender` when known without asking (a recent call from it).
    virtual std::optional<SenderIdentity> known(const std::string& sender) const = 0;
    // Its identity, asked of the bus when not known.
    virtual void identify(const std::string& sender, SenderIdentities::Answer done) = 0;
    // For a caller whose uid and pid are known: may it do `action`, for every details map of
    // `each`?
    virtual void check(const Caller& caller, const AuthorizationAction& action,
                       std::vector<PolkitDetails> each, std::function<void(AuthDecision)> done) = 0;
    // What `caller` (uid and pid known) may do, by non-interactive checks: action id -> "yes",
    // "auth" (after authentication) or "no".
    virtual void permissions(const Caller& caller,
                             std::function<void(std::map<std::string, std::string>)> done) = 0;
};

} // namespace modmgr
