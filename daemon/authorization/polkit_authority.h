#pragma once
// Asks polkitd (org.freedesktop.PolicyKit1.Authority.CheckAuthorization) whether a bus
// caller may perform an action, asynchronously so other callers are served meanwhile.
// The subject is always the caller's unique bus name, never a PID (CVE-2013-4288).
//
// Checks on the bus are bounded: dbus-daemon refuses a connection's further calls beyond 128
// pending replies (and modmgrd asks the bus who is calling, too), and an interactive check can
// wait minutes for a password. So at most `in_flight` checks are asked at once and at most
// `per_user` of them for one user; the rest wait their turn, users served in turn.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "calls/fair_queue.h"

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

struct PolkitLimits {
    size_t in_flight = 64;
    size_t per_user = 8;
};

struct PolkitQuestion {
    uint32_t uid = 0; // whose turn it is (the subject's user)
    std::string sender;
    std::string action_id;
    std::map<std::string, std::string> details;
    bool allow_interaction = false;
};

class PolkitAuthority {
public:
    PolkitAuthority(sdbus::IConnection& connection, PolkitTimeouts timeouts,
                    PolkitLimits limits = {});
    ~PolkitAuthority();

    // `done` runs on the event-loop thread, exactly once (not before this returns when the
    // question has to wait its turn; possibly before, when polkit cannot be asked).
    void check(PolkitQuestion question, std::function<void(const PolkitAnswer&)> done);

private:
    struct Pending {
        PolkitQuestion question;
        std::function<void(const PolkitAnswer&)> done;
    };
    void ask_next();
    void ask(Pending pending);

    std::unique_ptr<sdbus::IProxy> proxy_;
    PolkitTimeouts timeouts_;
    PolkitLimits limits_;
    FairQueue<uint32_t, Pending> waiting_;
    std::map<uint32_t, size_t> asked_per_user_;
    size_t asked_ = 0;
};

} // namespace modmgr
