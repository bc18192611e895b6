#pragma once
// Asks polkitd (org.freedesktop.PolicyKit1.Authority.CheckAuthorization) whether a bus
// caller may perform an action, asynchronously so other callers are served meanwhile.
// The subject is always the caller's unique bus name, never a PID (CVE-2013-4288).
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace sdbus {
class IConnection;
class IProxy;
} // namespace sdbus

namespace modmgr {

enum class PolkitVerdict {
    Allowed,
    Denied,
    ChallengeRequired, // polkit would accept after authentication
    Unavailable,       // polkitd absent, failed or too slow: the caller decides the fallback
};

struct PolkitAnswer {
    PolkitVerdict verdict;
    std::string detail; // why, for logs and error messages
};

struct PolkitTimeouts {
    std::chrono::microseconds plain{std::chrono::seconds(10)};
    // A person may be typing a password into the agent.
    std::chrono::microseconds interactive{std::chrono::minutes(2)};
};

class PolkitAuthority {
public:
    PolkitAuthority(sdbus::IConnection& connection, PolkitTimeouts timeouts);
    ~PolkitAuthority();

    // `done` runs on the event-loop thread, exactly once.
    void check(const std::string& sender, const std::string& action_id,
               const std::map<std::string, std::string>& details, bool allow_interaction,
               std::function<void(const PolkitAnswer&)> done);

private:
    std::unique_ptr<sdbus::IProxy> proxy_;
    PolkitTimeouts timeouts_;
};

} // namespace modmgr
