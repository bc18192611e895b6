#include "polkit_authority.h"

#include <sdbus-c++/sdbus-c++.h>

namespace modmgr {

namespace {

constexpr uint32_t kAllowUserInteraction = 0x1;

using Subject = sdbus::Struct<std::string, std::map<std::string, sdbus::Variant>>;
using AuthorizationResult = sdbus::Struct<bool, bool, std::map<std::string, std::string>>;

} // namespace

PolkitAuthority::PolkitAuthority(sdbus::IConnection& connection, PolkitTimeouts timeouts)
    : proxy_(sdbus::createProxy(connection, "org.freedesktop.PolicyKit1",
                                "/org/freedesktop/PolicyKit1/Authority")),
      timeouts_(timeouts) {
    proxy_->finishRegistration();
}

PolkitAuthority::~PolkitAuthority() = default;

void PolkitAuthority::check(const std::string& sender, const std::string& action_id,
                            const std::map<std::string, std::string>& details,
                            bool allow_interaction,
                            std::function<void(const PolkitAnswer&)> done) {
    Subject subject{"system-bus-name", {{"name", sdbus::Variant(sender)}}};
    uint32_t flags = allow_interaction ? kAllowUserInteraction : 0;
    auto timeout = allow_interaction ? timeouts_.interactive : timeouts_.plain;
    try {
        proxy_->callMethodAsync("CheckAuthorization")
            .onInterface("org.freedesktop.PolicyKit1.Authority")
            .withTimeout(timeout)
            .withArguments(subject, action_id, details, flags, std::string())
            .uponReplyInvoke([done](const sdbus::Error* error, AuthorizationResult result) {
                if (error) {
                    done({PolkitVerdict::Unavailable, error->getName() + ": " + error->getMessage()});
                } else if (std::get<0>(result)) {
                    done({PolkitVerdict::Allowed, "authorized by polkit"});
                } else if (std::get<1>(result)) {
                    done({PolkitVerdict::ChallengeRequired, "polkit requires authentication"});
                } else {
                    done({PolkitVerdict::Denied, "not authorized by polkit"});
                }
            });
    } catch (const sdbus::Error& e) {
        done({PolkitVerdict::Unavailable, e.getName() + ": " + e.getMessage()});
    }
}

} // namespace modmgr
