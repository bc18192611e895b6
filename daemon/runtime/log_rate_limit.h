#pragma once
// Keeps one caller's repeated failures from flooding the journal (and journald's own rate
// limit from then dropping real audit records), while every new kind of failure still shows:
// per key (a caller and a kind of failure) the first `burst` records of a window are logged,
// later ones only counted, and when the window ends one summary says how many were left out.
// A total per window bounds what many keys together write after their first record; the
// first record of a key is always logged while fewer than `keys` keys are tracked.
// Not thread-safe; time comes from the caller so it can be tested.
#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace modmgr {

class LogRateLimit {
public:
    using Clock = std::chrono::steady_clock;
    struct Limits {
        size_t burst = 3;
        std::chrono::seconds window{10};
        size_t total = 100;
        size_t keys = 4096;
    };
    struct Summary {
        std::string key; // "" for records of keys that could not be tracked
        size_t left_out = 0;
    };

    explicit LogRateLimit(Limits limits);

    // Whether to log this record of `key` now.
    bool allow(const std::string& key, Clock::time_point now);
    // Ends the windows that are over by `now`: the keys that had records left out, and how many.
    std::vector<Summary> expire(Clock::time_point now);

private:
    struct Window {
        Clock::time_point start;
        size_t logged = 0;
        size_t left_out = 0;
    };

    Limits limits_;
    std::map<std::string, Window> windows_;
    Clock::time_point total_start_{};
    size_t total_logged_ = 0;
    size_t untracked_left_out_ = 0;
};

} // namespace modmgr
