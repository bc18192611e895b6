#include "authorizer.h"

#include <sdbus-c++/sdbus-c++.h>

#include "bus_errors.h"

namespace modmgr {

Authorizer::Authorizer(sdbus::IConnection& connection, PolkitTimeouts timeouts)
    : bus_proxy_(sdbus::createProxy(connection, "org.freedesktop.DBus", "/org/freedesktop/DBus")),
      polkit_(connection, timeouts) {
    bus_proxy_->finishRegistration();
}

Authorizer::~Authorizer() = default;

void Authorizer::check(const Caller& caller, const AuthorizationAction& action,
                       const std::map<std::string, std::string>& details,
                       std::function<void(AuthDecision)> done) {
    // The bus daemon vouches for the caller's uid and pid; asking it asynchronously keeps
    // the loop free (sdbus-c++'s message creds getters block).
    AuthDecision decision{caller, std::nullopt, ""};
    try {
        bus_proxy_->callMethodAsync("GetConnectionCredentials")
            .onInterface("org.freedesktop.DBus")
            .withArguments(caller.sender)
            .uponReplyInvoke([this, caller_decision = decision, &action, details, done](
                                 const sdbus::Error* error,
                                 std::map<std::string, sdbus::Variant> creds) {
                AuthDecision decision = caller_decision;
                if (error) {
                    decision.error = sdbus::Error(kAccessDenied, "cannot identify the caller: " +
                                                                     error->getMessage());
                    decision.how = "caller unknown";
                    done(std::move(decision));
                    return;
                }
                if (creds.count("UnixUserID"))
                    decision.caller.uid = creds["UnixUserID"].get<uint32_t>();
                if (creds.count("ProcessID"))
                    decision.caller.pid = creds["ProcessID"].get<uint32_t>();
                if (decision.caller.uid == 0) {
                    decision.how = "root";
                    done(std::move(decision));
                    return;
                }
                ask_polkit(std::move(decision), action, details, std::move(done));
            });
    } catch (const sdbus::Error& e) {
        decision.error = sdbus::Error(kAccessDenied, "cannot identify the caller: " + e.getMessage());
        done(std::move(decision));
    }
}

void Authorizer::ask_polkit(AuthDecision decision, const AuthorizationAction& action,
                            const std::map<std::string, std::string>& details,
                            std::function<void(AuthDecision)> done) {
    bool interactive = decision.caller.interactive;
    // Copied before `decision` moves into the callback below.
    std::string sender = decision.caller.sender;
    polkit_.check(
        sender, action.id, details, interactive,
        [caller_decision = std::move(decision), &action, interactive,
         done](const PolkitAnswer& answer) {
            AuthDecision decision = caller_decision;
            decision.how = "polkit: " + answer.detail;
            switch (answer.verdict) {
            case PolkitVerdict::Allowed:
                break;
            case PolkitVerdict::Denied:
                decision.error = sdbus::Error(kAccessDenied, "not authorized for " + action.id);
                break;
            case PolkitVerdict::ChallengeRequired:
                decision.error =
                    interactive
                        ? sdbus::Error(kAccessDenied,
                                       "authentication for " + action.id +
                                           " failed or no polkit agent answered")
                        : sdbus::Error(kInteractiveAuthorizationRequired,
                                       "authentication is required for " + action.id +
                                           "; call with interactive authorization allowed");
                break;
            case PolkitVerdict::Unavailable:
                decision.how = "polkit unavailable: " + answer.detail;
                if (!action.allowed_without_polkit)
                    decision.error = sdbus::Error(
                        kAccessDenied, "polkit could not be asked (" + answer.detail +
                                           "); refusing " + action.id);
                break;
            }
            done(std::move(decision));
        });
}

} // namespace modmgr
