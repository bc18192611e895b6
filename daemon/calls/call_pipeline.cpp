#include "calls/call_pipeline.h"

namespace modmgr {

CallPipeline::CallPipeline(EventLoop& loop, CallerAuthority& authority, ModuleLocks& locks,
                           SnapshotClock& clock, KernelPort& kernel, KernelChanged kernel_changed,
                           AdmissionLimits limits)
    : loop_(loop), authority_(authority), locks_(locks), clock_(clock), kernel_(kernel),
      kernel_changed_(std::move(kernel_changed)), admission_(limits) {
    // Summaries of failures left out of the log go out within a second of their window's end.
    loop_.every(std::chrono::seconds(1), [this] { log_.flush(); });
}

CallPipeline::~CallPipeline() {
    // Tickets point into admission_: the calls holding them go first.
    open_.clear();
}

bool CallPipeline::validate(PendingCall& call, const std::function<void()>& checks,
                            uint64_t flags, uint64_t allowed_flags) {
    const auto call_ref = open_.at(&call);
    try {
        validate_flags(flags, allowed_flags);
    } catch (const ModuleError& e) {
        fail(call_ref, sdbus::Error(wire::error::kInvalidArgs, e.what()));
        return false;
    }
    try {
        checks();
    } catch (const ModuleError& e) {
        fail(call_ref, to_bus_error(e));
        return false;
    }
    return true;
}

void CallPipeline::identify(const std::shared_ptr<PendingCall>& call, std::function<void()> next) {
    if (call->caller.uid >= 0) {
        next(); // known at arrival; the admission counted the user then
        return;
    }
    std::weak_ptr<PendingCall> weak = call;
    authority_.identify(
        call->caller.sender,
        [this, weak, next](std::optional<SenderIdentity> identity, const std::string& error) {
            auto call = weak.lock();
            if (!call)
                return;
            if (!identity) {
                fail(call, sdbus::Error(wire::error::kAccessDenied, "cannot identify the caller: " + error));
                return;
            }
            call->caller.uid = identity->uid;
            call->caller.pid = identity->pid;
            std::string why;
            if (!admission_.identify(call->ticket, identity->uid, why)) {
                fail(call, sdbus::Error(wire::error::kLimitsExceeded, why));
                return;
            }
            next();
        });
}

void CallPipeline::permissions(std::shared_ptr<DeferredCall<Permissions>> call) {
    Weak<Permissions> weak = call;
    identify(call, [this, weak] {
        auto call = weak.lock();
        if (!call)
            return;
        authority_.permissions(call->caller, [this, weak](Permissions permissions) {
            if (auto call = weak.lock())
                answer(call, permissions, "permissions");
        });
    });
}

void CallPipeline::fail(const std::shared_ptr<PendingCall>& call, const sdbus::Error& error) {
    call->fail(error);
    open_.erase(call.get());
}

void CallPipeline::post_failure(std::weak_ptr<PendingCall> weak, sdbus::Error error) {
    loop_.post([this, weak, error] {
        if (auto call = weak.lock())
            fail(call, error);
    });
}

void CallPipeline::stop() {
    const auto open = open_;
    for (const auto& [key, call] : open)
        fail(call, failed("modmgrd is stopping; nothing more was done for this call"));
}

} // namespace modmgr
