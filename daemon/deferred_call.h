#pragma once
// One method call in flight between its handler and its reply: the pending sdbus::Result,
// who asked for what (for the log line every call ends with), and exactly one reply.
// Event-loop thread only.
#include <sdbus-c++/sdbus-c++.h>
#include <spdlog/spdlog.h>

#include <string>
#include <utility>

#include "authorization_actions.h"
#include "call_record.h"
#include "caller.h"

namespace modmgr {

template <typename T>
class DeferredCall {
public:
    DeferredCall(sdbus::Result<T>&& result, Caller caller, const AuthorizationAction& action,
                 std::string module)
        : caller(std::move(caller)), action(action), module(std::move(module)),
          result_(std::move(result)) {}

    void reply(const T& value, const std::string& summary) {
        // Successful reads are routine (a GUI may poll List): keep them out of the default log.
        auto level = &action == &kInspectAction ? spdlog::level::debug : spdlog::level::info;
        log(level, "ok", summary);
        send([&] { result_.returnResults(value); });
    }

    void fail(const sdbus::Error& error) {
        const bool denied =
            error.getName() == "org.freedesktop.DBus.Error.AccessDenied" ||
            error.getName() == "org.freedesktop.DBus.Error.InteractiveAuthorizationRequired";
        log(spdlog::level::warn, denied ? "denied" : "failed",
            error.getName() + ": " + error.getMessage());
        send([&] { result_.returnError(error); });
    }

    Caller caller;
    const AuthorizationAction& action;
    std::string module;
    std::string authorized_by; // how the Authorizer decided, for the log

private:
    void log(spdlog::level::level_enum level, const std::string& result,
             const std::string& detail) const {
        record_call({caller, action.id, module, authorized_by, result, detail}, level);
    }

    template <typename Send>
    void send(Send&& send_reply) {
        try {
            send_reply();
        } catch (const sdbus::Error& e) {
            // The caller may have gone away; nothing else to do.
            spdlog::debug("reply to {} not sent: {}", caller.sender, e.getMessage());
        }
    }

    sdbus::Result<T> result_;
};

} // namespace modmgr
