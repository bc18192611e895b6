#pragma once
// One method call between its arrival and its reply: who asked for what (for the log line
// every call ends with), its place among the calls admitted (CallAdmission), and exactly one
// reply. Owned by the CallPipeline's table, so it is destroyed on the event-loop thread: its
// BusReply holds the call's sd_bus_message, which is not thread-safe.
#include <sdbus-c++/sdbus-c++.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <tuple>
#include <utility>

#include "authorization/authorization_actions.h"
#include "calls/call_admission.h"
#include "calls/call_record.h"
#include "calls/caller.h"

namespace modmgr {

// What a method with the out arguments `Outs` answers: the value itself, or a tuple of them.
template <typename... Outs>
struct ReplyValueOf {
    using type = std::tuple<Outs...>;
};
template <typename Out>
struct ReplyValueOf<Out> {
    using type = Out;
};
template <typename... Outs>
using ReplyValue = typename ReplyValueOf<Outs...>::type;

// Where a call's one answer goes: BusReply for a method call on the bus; the pipeline's unit
// test records it.
template <typename T>
class Reply {
public:
    virtual ~Reply() = default;
    virtual void value(const T& value) = 0;
    virtual void error(const sdbus::Error& error) = 0;
};

template <typename... Outs>
class BusReply final : public Reply<ReplyValue<Outs...>> {
public:
    BusReply(sdbus::Result<Outs...>&& result, std::string sender)
        : result_(std::move(result)), sender_(std::move(sender)) {}

    void value(const ReplyValue<Outs...>& value) override {
        send([&] {
            if constexpr (sizeof...(Outs) == 1)
                result_.returnResults(value);
            else
                std::apply([this](const auto&... outs) { result_.returnResults(outs...); }, value);
        });
    }
    void error(const sdbus::Error& error) override {
        send([&] { result_.returnError(error); });
    }

private:
    template <typename Send>
    void send(Send&& send_reply) {
        try {
            send_reply();
        } catch (const sdbus::Error& e) {
            // The caller may have gone away; nothing else to do.
            spdlog::debug("reply to {} not sent: {}", sender_, e.getMessage());
        }
    }

    sdbus::Result<Outs...> result_;
    std::string sender_;
};

class PendingCall {
public:
    PendingCall(Caller caller, const AuthorizationAction& action, std::string module,
                CallAdmission::Ticket ticket, CallLog& log)
        : caller(std::move(caller)), action(action), module(std::move(module)),
          ticket(std::move(ticket)), log_(log) {}
    virtual ~PendingCall() = default;
    PendingCall(const PendingCall&) = delete;
    PendingCall& operator=(const PendingCall&) = delete;

    void fail(const sdbus::Error& error) {
        const bool denied =
            error.getName() == "org.freedesktop.DBus.Error.AccessDenied" ||
            error.getName() == "org.freedesktop.DBus.Error.InteractiveAuthorizationRequired";
        log_.record({caller, action.id, module, authorized_by, denied ? "denied" : "failed",
                     error.getName() + ": " + error.getMessage()},
                    spdlog::level::warn, error.getName());
        send_error(error);
    }

    Caller caller;
    const AuthorizationAction& action;
    std::string module; // as requested, for the log
    std::string authorized_by; // how the Authorizer decided, for the log
    CallAdmission::Ticket ticket;

protected:
    void log_success(const std::string& summary) {
        // Successful reads are routine (a GUI may poll List): keep them out of the default log.
        const auto level = &action == &kInspectAction ? spdlog::level::debug : spdlog::level::info;
        log_.record({caller, action.id, module, authorized_by, "ok", summary}, level, "");
    }

private:
    virtual void send_error(const sdbus::Error& error) = 0;
    CallLog& log_;
};

template <typename T>
class DeferredCall final : public PendingCall {
public:
    DeferredCall(std::unique_ptr<Reply<T>> reply, Caller caller, const AuthorizationAction& action,
                 std::string module, CallAdmission::Ticket ticket, CallLog& log)
        : PendingCall(std::move(caller), action, std::move(module), std::move(ticket), log),
          reply_(std::move(reply)) {}

    void reply(const T& value, const std::string& summary) {
        log_success(summary);
        reply_->value(value);
    }

private:
    void send_error(const sdbus::Error& error) override { reply_->error(error); }

    std::unique_ptr<Reply<T>> reply_;
};

} // namespace modmgr
