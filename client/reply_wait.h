#pragma once
// Waiting for modmgrd's answer to a call that changes something (Load, LoadFile, Unload, the
// Set* calls). Such a call takes as long as the kernel does: a module's init may take
// minutes, and sd-bus's default 25 s would report a failure for a load that then completes
// (issue 13). So modctl waits as long as it takes, unless the user set a limit (--timeout);
// on a terminal it says that it is waiting once a second has passed without an answer.
#include <chrono>
#include <cstdint>
#include <optional>

#include "system_bus.h"
#include "text_output.h"

namespace modmgr {

// How long to wait before saying so on a terminal.
constexpr std::chrono::seconds kWaitingNoticeAfter{1};

struct ReplyWait {
    // None: as long as modmgrd takes.
    std::optional<std::chrono::milliseconds> limit;
    // Where to print "waiting for modmgrd..." once kWaitingNoticeAfter has passed; null: nowhere
    // (not a terminal, or --quiet).
    TextOutput* notice = nullptr;
};

// sd_bus_call's "no timeout" (systemd's USEC_INFINITY): 0 would mean sd-bus's default, 25 s
// or $SYSTEMD_BUS_TIMEOUT.
constexpr uint64_t kNoBusTimeout = UINT64_MAX;

// Sends `call` and returns its reply. Throws BusError for an error reply or a lost connection,
// and CommandFailure (ExitCode::StoppedWaiting) once `wait.limit` has passed: the daemon goes
// on with the call, so the message says it may still complete.
BusMessage await_reply(sd_bus* bus, sd_bus_message* call, const ReplyWait& wait);

} // namespace modmgr
