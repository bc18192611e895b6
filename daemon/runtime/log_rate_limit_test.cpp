#include "runtime/log_rate_limit.h"

#include <gtest/gtest.h>

namespace modmgr {
namespace {

using namespace std::chrono_literals;
using Clock = LogRateLimit::Clock;

size_t allowed(LogRateLimit& limit, const std::string& key, int times, Clock::time_point now) {
    size_t logged = 0;
    for (int i = 0; i < times; ++i)
        logged += limit.allow(key, now);
    return logged;
}

TEST(LogRateLimitTest, ABurstPerKeyThenOneSummaryWhenTheWindowEnds) {
    LogRateLimit limit({3, 10s, 100, 10});
    const auto t0 = Clock::time_point(1h);
    EXPECT_EQ(allowed(limit, "uid=65534 load denied", 1000, t0), 3u);
    EXPECT_EQ(allowed(limit, "uid=1000 load denied", 1, t0 + 1s), 1u) << "another caller is not silenced";
    EXPECT_TRUE(limit.expire(t0 + 9s).empty());
    const auto summaries = limit.expire(t0 + 10s);
    ASSERT_EQ(summaries.size(), 1u);
    EXPECT_EQ(summaries[0].key, "uid=65534 load denied");
    EXPECT_EQ(summaries[0].left_out, 997u);
    EXPECT_EQ(allowed(limit, "uid=65534 load denied", 5, t0 + 10s), 3u) << "a new window";
}

TEST(LogRateLimitTest, TheFirstOfEachKindIsLoggedEvenWhenTheTotalIsSpent) {
    LogRateLimit limit({3, 10s, 4, 100});
    const auto t0 = Clock::time_point(1h);
    EXPECT_EQ(allowed(limit, "a", 10, t0), 3u);
    EXPECT_EQ(allowed(limit, "b", 10, t0), 1u);
    EXPECT_EQ(allowed(limit, "c", 10, t0), 1u);
    EXPECT_EQ(allowed(limit, "d", 1, t0), 1u);
}

TEST(LogRateLimitTest, KeysBeyondWhatIsTrackedAreCountedInOneSummary) {
    LogRateLimit limit({3, 10s, 100, 2});
    const auto t0 = Clock::time_point(1h);
    EXPECT_TRUE(limit.allow("a", t0));
    EXPECT_TRUE(limit.allow("b", t0));
    EXPECT_FALSE(limit.allow("c", t0));
    EXPECT_FALSE(limit.allow("d", t0));
    const auto summaries = limit.expire(t0 + 10s);
    ASSERT_EQ(summaries.size(), 1u);
    EXPECT_EQ(summaries[0].key, "");
    EXPECT_EQ(summaries[0].left_out, 2u);
    EXPECT_TRUE(limit.allow("c", t0 + 10s));
}

} // namespace
} // namespace modmgr
