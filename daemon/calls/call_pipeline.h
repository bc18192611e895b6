#pragma once
// The stages every method call of org.modmgr1.Manager goes through, in order, each on its
// thread:
//   arrival   (loop)   admitted within the bounds of CallAdmission, else LimitsExceeded;
//   validate  (loop)   input checks, typed errors;
//   identify  (loop)   uid and pid from the bus (SenderIdentities), then the user's bound;
//   prepare   (worker, optional) what authorization needs to know: the modules a name or
//                      alias stands for, the caller's file read into modmgrd's memory;
//   authorize (loop)   CallerAuthority (Authorizer): a root caller that may load modules
//                      itself, else polkit once per module the call concerns;
//   work      (worker) the kernel or configuration work, under the module locks when it
//                      changes the kernel, then the kernel's state is read;
//   reply     (loop)   after KernelChanged has announced the new state.
// Worker jobs wait in fair queues keyed by the caller's uid.
//
// A call belongs to this pipeline's table from arrival to reply; every stage refers to it
// weakly. So it is only ever destroyed on the loop thread (its sdbus::Result holds the
// call's sd_bus_message, which is not thread-safe), a job whose call was answered meanwhile
// finds it gone, and stop() can answer every call still open. Loop thread only, except where
// noted.
#include <sdbus-c++/sdbus-c++.h>
#include <spdlog/spdlog.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "authorization/caller_authority.h"
#include "base/input_validation.h"
#include "base/module_error.h"
#include "bus/bus_errors.h"
#include "calls/call_admission.h"
#include "calls/call_record.h"
#include "calls/module_locks.h"
#include "calls/pending_call.h"
#include "runtime/event_loop.h"
#include "runtime/worker_pool.h"
#include "state/attribution.h"
#include "state/module_registry.h"

namespace modmgr {

// What the prepare step of a call that needs none finds out.
struct NothingPrepared {};

// How one kind of call is carried out; `P` is what its prepare step finds out.
template <typename T, typename P = NothingPrepared>
struct CallSteps {
    // Worker (optional): a ModuleError here is the caller's answer, before anyone is asked
    // for a password (a module that does not exist needs no authentication).
    WorkerPool* prepare_on = nullptr;
    std::function<P(ModuleService&)> prepare;
    // Loop: the polkit details, one check per map; all must allow.
    std::function<std::vector<PolkitDetails>(const P&)> details;
    // Worker: the work itself, for the caller `who`.
    WorkerPool* work_on = nullptr;
    std::function<T(ModuleService&, const P&, const Attribution& who)> work;
    // Kernel-changing work only: the modules it may touch, locked while it runs; the
    // kernel's state afterwards goes to KernelChanged before the reply.
    std::function<std::vector<std::string>(ModuleService&, const P&)> footprint;
    // Loop: what a success did, for the log.
    std::function<std::string(const T&)> describe;
};

class CallPipeline {
public:
    using KernelChanged =
        std::function<void(uint64_t sequence, const Snapshot& snapshot, const Attribution& who)>;
    using Permissions = std::map<std::string, std::string>;

    CallPipeline(EventLoop& loop, CallerAuthority& authority, ModuleLocks& locks,
                 SnapshotClock& clock, KernelPort& kernel, KernelChanged kernel_changed,
                 AdmissionLimits limits = {});
    ~CallPipeline();

    // The call `object` is processing right now, admitted; nullptr when it was refused
    // (and answered).
    template <typename... Outs>
    std::shared_ptr<DeferredCall<ReplyValue<Outs...>>>
    begin(sdbus::Result<Outs...>&& result, const sdbus::IObject& object,
          const AuthorizationAction& action, const std::string& module) {
        Caller caller = Caller::of_current_call(object);
        auto reply = std::make_unique<BusReply<Outs...>>(std::move(result), caller.sender);
        return admit<ReplyValue<Outs...>>(std::move(caller), std::move(reply), action, module);
    }
    // The same for a call from `caller` (uid and pid still unknown) that `reply` answers.
    template <typename T>
    std::shared_ptr<DeferredCall<T>> admit(Caller caller, std::unique_ptr<Reply<T>> reply,
                                           const AuthorizationAction& action,
                                           const std::string& module);
    // Runs `checks` (which throw ModuleError) and checks the flags; false when the input was
    // refused (and answered).
    bool validate(PendingCall& call, const std::function<void()>& checks, uint64_t flags = 0,
                  uint64_t allowed_flags = 0);
    template <typename T, typename P>
    void run(std::shared_ptr<DeferredCall<T>> call, CallSteps<T, P> steps);
    // GetPermissions: identify, then the CallerAuthority's answers.
    void permissions(std::shared_ptr<DeferredCall<Permissions>> call);

    // The daemon is stopping: answers every call still open (nothing more is done for them).
    void stop();

private:
    template <typename T>
    using Weak = std::weak_ptr<DeferredCall<T>>;
    // The steps of one call, shared by its stages rather than copied into each.
    template <typename T, typename P>
    using Steps = std::shared_ptr<const CallSteps<T, P>>;

    void identify(const std::shared_ptr<PendingCall>& call, std::function<void()> next);
    void fail(const std::shared_ptr<PendingCall>& call, const sdbus::Error& error);
    template <typename T>
    void answer(const std::shared_ptr<DeferredCall<T>>& call, const T& value,
                const std::string& summary);
    template <typename T, typename P>
    void prepare(Weak<T> weak, Steps<T, P> steps);
    template <typename T, typename P>
    void authorize(Weak<T> weak, Steps<T, P> steps, P prepared);
    template <typename T, typename P>
    void work(Weak<T> weak, Steps<T, P> steps, P prepared);
    // From a worker: answers the call with a ModuleError, on the loop.
    void post_failure(std::weak_ptr<PendingCall> weak, sdbus::Error error);

    EventLoop& loop_;
    CallerAuthority& authority_;
    ModuleLocks& locks_;
    SnapshotClock& clock_;
    KernelPort& kernel_;
    KernelChanged kernel_changed_;
    CallLog log_;
    CallAdmission admission_;
    std::map<const PendingCall*, std::shared_ptr<PendingCall>> open_;
};

template <typename T>
std::shared_ptr<DeferredCall<T>> CallPipeline::admit(Caller caller, std::unique_ptr<Reply<T>> reply,
                                                     const AuthorizationAction& action,
                                                     const std::string& module) {
    const auto known = authority_.known(caller.sender);
    if (known) {
        caller.uid = known->uid;
        caller.pid = known->pid;
    }
    std::string why;
    CallAdmission::Ticket ticket =
        admission_.admit(caller.sender, known ? std::optional<uint32_t>(known->uid) : std::nullopt, why);
    // Kept only for the log, which shows the start of it: a caller may send 32 MiB.
    auto call = std::make_shared<DeferredCall<T>>(std::move(reply), std::move(caller), action,
                                                  module.substr(0, kMaxPathLength),
                                                  std::move(ticket), log_);
    if (!call->ticket) {
        call->fail(sdbus::Error(wire::error::kLimitsExceeded, why));
        return nullptr;
    }
    open_.emplace(call.get(), call);
    return call;
}

template <typename T>
void CallPipeline::answer(const std::shared_ptr<DeferredCall<T>>& call, const T& value,
                          const std::string& summary) {
    call->reply(value, summary);
    open_.erase(call.get());
}

template <typename T, typename P>
void CallPipeline::run(std::shared_ptr<DeferredCall<T>> call, CallSteps<T, P> steps) {
    Weak<T> weak = call;
    auto shared = std::make_shared<const CallSteps<T, P>>(std::move(steps));
    identify(call, [this, weak, shared] { prepare(weak, shared); });
}

template <typename T, typename P>
void CallPipeline::prepare(Weak<T> weak, Steps<T, P> steps) {
    auto call = weak.lock();
    if (!call)
        return;
    if (!steps->prepare) {
        authorize(weak, std::move(steps), P{});
        return;
    }
    steps->prepare_on->submit(call->caller.uid, [this, weak, steps](ModuleService& service) {
        try {
            P prepared = steps->prepare(service);
            loop_.post([this, weak, steps, prepared] { authorize(weak, steps, prepared); });
        } catch (const ModuleError& e) {
            post_failure(weak, to_bus_error(e));
        } catch (const std::exception& e) {
            post_failure(weak, failed(e.what()));
        }
    });
}

template <typename T, typename P>
void CallPipeline::authorize(Weak<T> weak, Steps<T, P> steps, P prepared) {
    auto call = weak.lock();
    if (!call)
        return;
    std::vector<PolkitDetails> details = steps->details ? steps->details(prepared)
                                                       : std::vector<PolkitDetails>{};
    authority_.check(call->caller, call->action, std::move(details),
                      [this, weak, steps, prepared](AuthDecision decision) {
                          auto call = weak.lock();
                          if (!call)
                              return;
                          call->authorized_by = decision.how;
                          if (decision.error)
                              fail(call, *decision.error);
                          else
                              work(weak, steps, prepared);
                      });
}

template <typename T, typename P>
void CallPipeline::work(Weak<T> weak, Steps<T, P> steps, P prepared) {
    auto call = weak.lock();
    if (!call)
        return;
    const Attribution who{call->action.id, static_cast<int32_t>(call->caller.uid)};
    steps->work_on->submit(call->caller.uid, [this, weak, steps, prepared, who](ModuleService& service) {
        // Filled on this worker, read on the loop.
        struct Outcome {
            std::optional<T> value;
            std::optional<sdbus::Error> error;
            std::optional<std::pair<uint64_t, Snapshot>> snapshot;
        };
        auto outcome = std::make_shared<Outcome>();
        // A uevent or a refresh that the loop takes up before it has announced this work's
        // outcome finds the modules held (locked, then awaiting the announcement) and leaves
        // the announcement, with the caller, to this call.
        std::shared_ptr<ModuleLocks::Announcing> announcing;
        {
            std::unique_ptr<ModuleLocks::Guard> guard;
            try {
                if (steps->footprint) {
                    const auto names = steps->footprint(service, prepared);
                    guard = std::make_unique<ModuleLocks::Guard>(
                        locks_, std::set<std::string>(names.begin(), names.end()));
                }
                outcome->value = steps->work(service, prepared, who);
            } catch (const ModuleError& e) {
                outcome->error = to_bus_error(e);
            } catch (const std::exception& e) {
                outcome->error = failed(e.what());
            }
            if (steps->footprint) {
                // Even failed work may have changed something (a rollback that could not
                // finish): the registry must see the kernel as it is now.
                try {
                    outcome->snapshot = clock_.take(kernel_, ParameterReading::New);
                } catch (const std::exception& e) {
                    spdlog::error("cannot read the loaded modules: {}", e.what());
                }
            }
            if (guard)
                announcing = std::make_shared<ModuleLocks::Announcing>(*guard);
        }
        loop_.post([this, weak, outcome, steps, who, announcing = std::move(announcing)]() mutable {
            if (outcome->snapshot)
                kernel_changed_(outcome->snapshot->first, outcome->snapshot->second, who);
            announcing.reset();
            auto call = weak.lock();
            if (!call)
                return;
            if (outcome->error)
                fail(call, *outcome->error);
            else
                answer(call, *outcome->value,
                       steps->describe ? steps->describe(*outcome->value) : "");
        });
    });
}

} // namespace modmgr
