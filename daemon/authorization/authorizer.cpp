#include "authorization/authorizer.h"

#include <linux/capability.h>
#include <sdbus-c++/sdbus-c++.h>

#include "bus/bus_errors.h"
#include "calls/caller_capabilities.h"

namespace modmgr {

namespace {

// How long the bus daemon may take to say who a connection is.
constexpr std::chrono::seconds kIdentifyTimeout{10};

bool may_load_modules_itself(const Caller& caller) {
    return caller.uid == 0 && caller.pid > 0 &&
           process_has_capability(static_cast<uint32_t>(caller.pid), CAP_SYS_MODULE);
}

std::optional<sdbus::Error> polkit_error(const PolkitAnswer& answer,
                                         const AuthorizationAction& action, bool interactive) {
    switch (answer.verdict) {
    case PolkitVerdict::Allowed:
        return std::nullopt;
    case PolkitVerdict::Denied:
        return sdbus::Error(wire::error::kAccessDenied, "not authorized for " + action.id);
    case PolkitVerdict::ChallengeRequired:
        if (interactive)
            return sdbus::Error(wire::error::kAccessDenied, "authentication for " + action.id +
                                                   " failed or no polkit agent answered");
        return sdbus::Error(wire::error::kInteractiveAuthorizationRequired,
                            "authentication is required for " + action.id +
                                "; call with interactive authorization allowed");
    case PolkitVerdict::Unavailable:
        if (action.allowed_without_polkit)
            return std::nullopt;
        return sdbus::Error(wire::error::kAccessDenied, "polkit could not be asked (" + answer.detail +
                                               "); refusing " + action.id);
    }
    return sdbus::Error(wire::error::kAccessDenied, "refusing " + action.id);
}

} // namespace

Authorizer::Authorizer(sdbus::IConnection& connection, PolkitTimeouts timeouts,
                       PolkitLimits limits)
    : bus_proxy_(sdbus::createProxy(connection, "org.freedesktop.DBus", "/org/freedesktop/DBus")),
      identities_([this](const std::string& sender, SenderIdentities::Answer done) {
          // The bus daemon vouches for the caller's uid and pid; asking it asynchronously keeps
          // the loop free (sdbus-c++'s message creds getters block).
          try {
              bus_proxy_->callMethodAsync("GetConnectionCredentials")
                  .onInterface("org.freedesktop.DBus")
                  .withTimeout(kIdentifyTimeout)
                  .withArguments(sender)
                  .uponReplyInvoke([done](const sdbus::Error* error,
                                          std::map<std::string, sdbus::Variant> creds) {
                      if (error) {
                          done(std::nullopt, error->getMessage());
                      } else if (!creds.count("UnixUserID") || !creds.count("ProcessID")) {
                          done(std::nullopt, "the bus did not tell the caller's uid and pid");
                      } else {
                          done(SenderIdentity{creds["UnixUserID"].get<uint32_t>(),
                                              creds["ProcessID"].get<uint32_t>()},
                               "");
                      }
                  });
          } catch (const sdbus::Error& e) {
              done(std::nullopt, e.getMessage());
          }
      }),
      polkit_(connection, timeouts, limits) {
    bus_proxy_->finishRegistration();
}

Authorizer::~Authorizer() = default;

void Authorizer::check(const Caller& caller, const AuthorizationAction& action,
                       std::vector<PolkitDetails> each, std::function<void(AuthDecision)> done) {
    if (caller.uid == 0) {
        // An open action needs no look at the caller's capabilities (a read of
        // /proc/PID/status on every List and Info).
        if (action.allowed_without_polkit) {
            done({std::nullopt, "root (" + action.id + " is open)"});
        } else if (may_load_modules_itself(caller)) {
            done({std::nullopt, "root"});
        } else {
            done({sdbus::Error(wire::error::kAccessDenied,
                               "the caller runs as root without CAP_SYS_MODULE: a process that "
                               "may not load modules itself may not have modmgrd do it (" +
                                   action.id + ")"),
                  "root without CAP_SYS_MODULE"});
        }
        return;
    }
    if (each.empty())
        each.emplace_back();
    ask_polkit(caller, action, std::make_shared<std::vector<PolkitDetails>>(std::move(each)), 0,
               std::move(done));
}

void Authorizer::ask_polkit(const Caller& caller, const AuthorizationAction& action,
                            std::shared_ptr<std::vector<PolkitDetails>> each, size_t next,
                            std::function<void(AuthDecision)> done) {
    PolkitQuestion question{static_cast<uint32_t>(caller.uid), caller.sender, action.id,
                            (*each)[next], caller.interactive};
    polkit_.check(std::move(question), [this, caller, &action, each, next,
                                        done](const PolkitAnswer& answer) {
        AuthDecision decision;
        decision.how = (answer.verdict == PolkitVerdict::Unavailable ? "polkit unavailable: "
                                                                     : "polkit: ") +
                       answer.detail;
        decision.error = polkit_error(answer, action, caller.interactive);
        if (decision.error || next + 1 == each->size())
            done(std::move(decision));
        else
            ask_polkit(caller, action, each, next + 1, done);
    });
}

void Authorizer::permissions(const Caller& caller,
                             std::function<void(std::map<std::string, std::string>)> done) {
    auto answers = std::make_shared<std::map<std::string, std::string>>();
    const auto& actions = all_actions();
    if (caller.uid == 0) {
        const bool privileged = may_load_modules_itself(caller);
        for (const auto* action : actions)
            (*answers)[action->id] = privileged || action->allowed_without_polkit ? "yes" : "no";
        done(*answers);
        return;
    }
    auto pending = std::make_shared<size_t>(actions.size());
    for (const auto* action : actions) {
        polkit_.check({static_cast<uint32_t>(caller.uid), caller.sender, action->id, {}, false},
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
}

} // namespace modmgr
