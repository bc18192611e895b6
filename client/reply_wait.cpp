#include "reply_wait.h"

#include <algorithm>
#include <cerrno>
#include <string>

#include "bus_error.h"
#include "exit_codes.h"

namespace modmgr {

namespace {

using Clock = std::chrono::steady_clock;

int keep_reply(sd_bus_message* reply, void* userdata, sd_bus_error*) {
    *static_cast<BusMessage*>(userdata) = BusMessage(sd_bus_message_ref(reply));
    return 1;
}

CommandFailure stopped_waiting(std::chrono::milliseconds limit) {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(limit).count();
    return {ExitCode::StoppedWaiting,
            "stopped waiting for modmgrd after " + std::to_string(seconds) +
                " s (--timeout); the operation may still complete (modctl monitor shows it "
                "when it does)"};
}

uint64_t microseconds(Clock::duration duration) {
    return static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(duration).count());
}

} // namespace

BusMessage await_reply(sd_bus* bus, sd_bus_message* call, const ReplyWait& wait) {
    BusMessage reply;
    sd_bus_slot* raw_slot = nullptr;
    check_bus_result(sd_bus_call_async(bus, &raw_slot, call, keep_reply, &reply, kNoBusTimeout),
                     nullptr, "Failed to call method");
    const BusSlot slot(raw_slot); // dropped on the way out, the call is forgotten with it
    const auto start = Clock::now();
    bool notice_due = wait.notice != nullptr;
    while (!reply) {
        if (check_bus_result(sd_bus_process(bus, nullptr), nullptr, "Failed to read the reply") > 0)
            continue;
        const auto elapsed = Clock::now() - start;
        if (wait.limit && elapsed >= *wait.limit)
            throw stopped_waiting(*wait.limit);
        if (notice_due && elapsed >= kWaitingNoticeAfter) {
            *wait.notice << "modctl: waiting for modmgrd...\n";
            notice_due = false;
        }
        uint64_t sleep = kNoBusTimeout;
        if (notice_due)
            sleep = microseconds(kWaitingNoticeAfter - elapsed);
        if (wait.limit)
            sleep = std::min(sleep, microseconds(*wait.limit - elapsed));
        const int waited = sd_bus_wait(bus, sleep);
        if (waited != -EINTR)
            check_bus_result(waited, nullptr, "Failed to wait for the reply");
    }
    if (const sd_bus_error* error = sd_bus_message_get_error(reply.get()))
        throw BusError(error->name, error->message ? error->message : "");
    return reply;
}

} // namespace modmgr
