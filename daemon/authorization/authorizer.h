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
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "authorization/caller_authority.h"
#include "authorization/polkit_authority.h" // and with it sdbus's IConnection, IProxy

namespace modmgr {

class Authorizer final : public CallerAuthority {
public:
    Authorizer(sdbus::IConnection& connection, PolkitTimeouts timeouts, PolkitLimits limits = {});
    ~Authorizer() override;

    // The uid and pid behind a bus connection, asked once per connection (SenderIdentities).
    std::optional<SenderIdentity> known(const std::string& sender) const override {
        return identities_.known(sender);
    }
    void identify(const std::string& sender, SenderIdentities::Answer done) override {
        identities_.identify(sender, std::move(done));
    }

    void check(const Caller& caller, const AuthorizationAction& action,
               std::vector<PolkitDetails> each, std::function<void(AuthDecision)> done) override;
    // When polkit cannot answer, the shipped fallback.
    void permissions(const Caller& caller,
                     std::function<void(std::map<std::string, std::string>)> done) override;

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
