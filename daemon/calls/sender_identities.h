#pragma once
// Who is behind a bus connection (its uid and pid), asked of the bus daemon
// (GetConnectionCredentials) once per connection and remembered: a unique bus name is never
// reused while the bus runs, so the answer stays true. Calls from a connection whose answer
// is on its way wait for that one answer. At most `max_asking` questions are on the bus at
// once (dbus-daemon refuses a connection's calls beyond 128 pending replies, and polkit checks
// need room too); the rest wait their turn. Event-loop thread only.
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace modmgr {

struct SenderIdentity {
    uint32_t uid = 0;
    uint32_t pid = 0;
};

class SenderIdentities {
public:
    // Gets an identity or an error message; `done` is called exactly once, on the loop.
    using Answer = std::function<void(std::optional<SenderIdentity>, const std::string& error)>;
    using AskBus = std::function<void(const std::string& sender, Answer done)>;

    SenderIdentities(AskBus ask_bus, size_t max_asking = 32, size_t remembered = 4096);

    // Known without asking (a recent call from the same connection).
    std::optional<SenderIdentity> known(const std::string& sender) const;
    // Answers at once when known, else after the bus did.
    void identify(const std::string& sender, std::function<void(std::optional<SenderIdentity>,
                                                                const std::string&)> done);

private:
    void ask(const std::string& sender);
    void answered(const std::string& sender, std::optional<SenderIdentity> identity,
                  const std::string& error);
    void remember(const std::string& sender, SenderIdentity identity);

    AskBus ask_bus_;
    size_t max_asking_;
    size_t remembered_;
    size_t asking_ = 0;
    std::deque<std::string> waiting_to_ask_;
    std::map<std::string, std::vector<Answer>> waiters_;
    // Least recently used first.
    std::list<std::string> recency_;
    std::unordered_map<std::string, std::pair<SenderIdentity, std::list<std::string>::iterator>>
        cache_;
};

} // namespace modmgr
