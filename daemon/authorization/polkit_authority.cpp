#include "authorization/polkit_authority.h"

#include <sdbus-c++/sdbus-c++.h>

namespace modmgr {

namespace {

constexpr uint32_t kAllowUserInteraction = 0x1;

using Subject = sdbus::Struct<std::string, std::map<std::string, sdbus::Variant>>;
using AuthorizationResult = sdbus::Struct<bool, bool, std::map<std::string, std::string>>;

} // namespace

PolkitAuthority::PolkitAuthority(sdbus::IConnection& connection, PolkitTimeouts timeouts,
                                 PolkitLimits limits)
    : proxy_(sdbus::createProxy(connection, "org.freedesktop.PolicyKit1",
                                "/org/freedesktop/PolicyKit1/Authority")),
      timeouts_(timeouts), limits_(limits) {
    proxy_->finishRegistration();
}

PolkitAuthority::~PolkitAuthority() = default;

void PolkitAuthority::check(PolkitQuestion question,
                            std::function<void(const PolkitAnswer&)> done) {
    const uint32_t uid = question.uid;
    waiting_.push(uid, Pending{std::move(question), std::move(done)});
    ask_next();
}

void PolkitAuthority::ask_next() {
    while (asked_ < limits_.in_flight) {
        auto next = waiting_.pop([this](const uint32_t& uid) {
            auto asked = asked_per_user_.find(uid);
            return asked == asked_per_user_.end() || asked->second < limits_.per_user;
        });
        if (!next)
            return;
        ask(std::move(next->second));
    }
}

void PolkitAuthority::ask(Pending pending) {
    const uint32_t uid = pending.question.uid;
    ++asked_;
    ++asked_per_user_[uid];
    // Runs once the answer is in: frees the slot, then lets the next question go out.
    auto answered = [this, uid, done = std::move(pending.done)](const PolkitAnswer& answer) {
        --asked_;
        if (--asked_per_user_[uid] == 0)
            asked_per_user_.erase(uid);
        done(answer);
        ask_next();
    };
    const PolkitQuestion& q = pending.question;
    Subject subject{"system-bus-name", {{"name", sdbus::Variant(q.sender)}}};
    const uint32_t flags = q.allow_interaction ? kAllowUserInteraction : 0;
    const auto timeout = q.allow_interaction ? timeouts_.interactive : timeouts_.plain;
    try {
        proxy_->callMethodAsync("CheckAuthorization")
            .onInterface("org.freedesktop.PolicyKit1.Authority")
            .withTimeout(timeout)
            .withArguments(subject, q.action_id, q.details, flags, std::string())
            .uponReplyInvoke([answered](const sdbus::Error* error, AuthorizationResult result) {
                if (error) {
                    answered({PolkitVerdict::Unavailable,
                              error->getName() + ": " + error->getMessage()});
                } else if (std::get<0>(result)) {
                    answered({PolkitVerdict::Allowed, "authorized by polkit"});
                } else if (std::get<1>(result)) {
                    answered({PolkitVerdict::ChallengeRequired, "polkit requires authentication"});
                } else {
                    answered({PolkitVerdict::Denied, "not authorized by polkit"});
                }
            });
    } catch (const sdbus::Error& e) {
        answered({PolkitVerdict::Unavailable, e.getName() + ": " + e.getMessage()});
    }
}

} // namespace modmgr
