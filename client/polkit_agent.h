#pragma once
// The polkit text agent (pkttyagent) for the duration of one method call, so a user on a
// terminal gets the password prompt polkit needs; what systemctl does via its polkit-agent helper.
#include <sys/types.h>

namespace modmgr {

class PolkitAgent {
public:
    // Starts `pkttyagent --process <our pid> --fallback --notify-fd N` and returns once the agent
    // has registered (or has given up). Without pkttyagent the call simply goes ahead: the daemon
    // then answers InteractiveAuthorizationRequired, which modctl reports.
    PolkitAgent();
    ~PolkitAgent();
    PolkitAgent(const PolkitAgent&) = delete;
    PolkitAgent& operator=(const PolkitAgent&) = delete;

private:
    pid_t pid_ = -1;
};

} // namespace modmgr
