#include "runtime/log_rate_limit.h"

namespace modmgr {

LogRateLimit::LogRateLimit(Limits limits) : limits_(limits) {}

bool LogRateLimit::allow(const std::string& key, Clock::time_point now) {
    if (now - total_start_ >= limits_.window) {
        total_start_ = now;
        total_logged_ = 0;
    }
    auto window = windows_.find(key);
    if (window == windows_.end()) {
        if (windows_.size() >= limits_.keys) {
            ++untracked_left_out_;
            return false;
        }
        windows_.emplace(key, Window{now, 1, 0});
        ++total_logged_;
        return true;
    }
    if (window->second.logged < limits_.burst && total_logged_ < limits_.total) {
        ++window->second.logged;
        ++total_logged_;
        return true;
    }
    ++window->second.left_out;
    return false;
}

std::vector<LogRateLimit::Summary> LogRateLimit::expire(Clock::time_point now) {
    std::vector<Summary> summaries;
    for (auto it = windows_.begin(); it != windows_.end();) {
        if (now - it->second.start < limits_.window) {
            ++it;
            continue;
        }
        if (it->second.left_out > 0)
            summaries.push_back({it->first, it->second.left_out});
        it = windows_.erase(it);
    }
    if (untracked_left_out_ > 0) {
        summaries.push_back({"", untracked_left_out_});
        untracked_left_out_ = 0;
    }
    return summaries;
}

} // namespace modmgr
