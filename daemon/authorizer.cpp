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

void Authorizer::identify(const Caller& caller, std::function<void(AuthDecision)> done) {
    // The bus daemon vouches for the caller's uid and pid; asking it asynchronously keeps
    // the loop free (sdbus-c++'s message creds getters block).
    AuthDecision unknown{caller, std::nullopt, "caller unknown"};
    try {
        bus_proxy_->callMethodAsync("GetConnectionCredentials")
            .onInterface("org.freedesktop.DBus")
            .withArguments(caller.sender)
            .uponReplyInvoke([unknown, done](const sdbus::Error* error,
                                             std::map<std::string, sdbus::Variant> creds) {
                AuthDecision decision = unknown;
                if (error) {
                    decision.error = sdbus::Error(kAccessDenied, "cannot identify the caller: " +
                                                                     error->getMessage());
                    done(std::move(decision));
                    return;
                }
                decision.how.clear();
                if (creds.count("UnixUserID"))
                    decision.caller.uid = creds["UnixUserID"].get<uint32_t>();
                if (creds.count("ProcessID"))
                    decision.caller.pid = creds["ProcessID"].get<uint32_t>();
                done(std::move(decision));
            });
    } catch (const sdbus::Error& e) {
        unknown.error = sdbus::Error(kAccessDenied, "cannot identify the caller: " + e.getMessage());
        done(std::move(unknown));
    }
}

void Authorizer::check(const Caller& caller, const AuthorizationAction& action,
                       const std::map<std::string, std::string>& details,
                       std::function<void(AuthDecision)> done) {
    identify(caller, [this, &action, details, done](AuthDecision decision) {
        if (decision.error) {
            done(std::move(decision));
        } else if (decision.caller.uid == 0) {
            decision.how = "root";
            done(std::move(decision));
        } else {
            ask_polkit(std::move(decision), action, details, done);
        }
    });
}

void Authorizer::permissions(const Caller& caller,
                             std::function<void(std::map<std::string, std::string>)> done) {
    identify(caller, [this, done](AuthDecision decision) {
        auto answers = std::make_shared<std::map<std::string, std::string>>();
        const auto& actions = all_actions();
        if (decision.error || decision.caller.uid == 0) {
            for (const auto* action : actions)
                (*answers)[action->id] = decision.error ? "no" : "yes";
            done(*answers);
            return;
        }
        auto pending = std::make_shared<size_t>(actions.size());
        for (const auto* action : actions) {
            polkit_.check(decision.caller.sender, action->id, {}, false,
                          [answers, pending, action, done](const PolkitAnswer& answer) {
                              const char* value = "no";
                              if (answer.verdict == PolkitVerdict::Allowed)
                                  value = "yes";
                              else if (answer.verdict == PolkitVerdict::ChallengeRequired)
                                  value = "auth";
                              else if (answer.verdict == PolkitVerdict::Unavailable)
                                  value = action->allowed_without_polkit ? "yes" : "no";
                              (*answers)[action->id] = value;
                              if (--*pending == 0)
                                  done(*answers);
                          });
        }
    });
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
