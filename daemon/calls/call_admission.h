#pragma once
// Bounds the method calls modmgrd holds at once. Every call it has not answered yet holds
// its message (with any file descriptors attached), memory and, later, worker time: without a
// bound one local user could exhaust the root daemon's fds or memory, or starve everyone else.
// A call is admitted on arrival when its bus connection and, when already known, its user
// are below their bounds and the daemon is below its total; once the bus tells the caller's
// uid, the user's bound is checked again. A call over a bound is answered at once with
// org.freedesktop.DBus.Error.LimitsExceeded. Event-loop thread only.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace modmgr {

struct AdmissionLimits {
    size_t per_sender = 16; // per bus connection: a client waits for replies, it does not pile up
    size_t per_user = 64;   // per uid, over all its connections (a script may run many at once)
    size_t total = 256;     // everyone: fds, memory and queues stay bounded
};

class CallAdmission {
public:
    // One admitted call's place; given back when the ticket is destroyed (the call answered).
    class Ticket {
    public:
        Ticket() = default;
        Ticket(Ticket&& other) noexcept;
        Ticket& operator=(Ticket&& other) noexcept;
        ~Ticket();
        explicit operator bool() const { return owner_ != nullptr; }

    private:
        friend class CallAdmission;
        void release();
        CallAdmission* owner_ = nullptr;
        std::string sender_;
        std::optional<uint32_t> uid_;
    };

    explicit CallAdmission(AdmissionLimits limits = {});
    ~CallAdmission();
    CallAdmission(const CallAdmission&) = delete;
    CallAdmission& operator=(const CallAdmission&) = delete;

    // A ticket for a call from `sender` (of user `uid` when already known), or an empty one
    // and `why` (for the caller) when a bound is reached.
    Ticket admit(const std::string& sender, std::optional<uint32_t> uid, std::string& why);
    // The ticket's caller turned out to be `uid`: false and `why` when that user is over its
    // bound (the ticket keeps its place until destroyed).
    bool identify(Ticket& ticket, uint32_t uid, std::string& why);

    size_t in_flight() const { return total_; }
    const AdmissionLimits& limits() const { return limits_; }

private:
    AdmissionLimits limits_;
    std::map<std::string, size_t> per_sender_;
    std::map<uint32_t, size_t> per_user_;
    size_t total_ = 0;
};

} // namespace modmgr
