#include "report.h"

#include <gtest/gtest.h>

using namespace modmgr::bench;

TEST(Report, PercentilesAreByNearestRankOverAllCalls) {
    Measurement measurement;
    // 1..100 ms, unordered as clients deliver them.
    for (uint64_t ms = 100; ms >= 1; --ms)
        measurement.latencies_ns.push_back(ms * 1000000);
    measurement.calls = 100;
    measurement.wall_seconds = 4;
    const Summary summary = summarize(measurement);
    EXPECT_DOUBLE_EQ(summary.p50_ms, 50);
    EXPECT_DOUBLE_EQ(summary.p99_ms, 99);
    EXPECT_DOUBLE_EQ(summary.calls_per_second, 25);
}

TEST(Report, FewCallsStillHaveAP99) {
    Measurement measurement;
    measurement.latencies_ns = {3000000, 1000000, 2000000};
    measurement.calls = 3;
    measurement.wall_seconds = 1;
    const Summary summary = summarize(measurement);
    EXPECT_DOUBLE_EQ(summary.p50_ms, 2);
    EXPECT_DOUBLE_EQ(summary.p99_ms, 3);
}

TEST(Report, NoCallsIsZeroNotACrash) {
    Measurement measurement;
    const Summary summary = summarize(measurement);
    EXPECT_EQ(summary.calls_per_second, 0);
    EXPECT_EQ(summary.p50_ms, 0);
}

TEST(Report, AGoalIsMetOnTheRightSideOfItsBound) {
    testing::internal::CaptureStdout();
    EXPECT_TRUE(print_goal("P5", "ratio", 0.6, 0.6, true));
    EXPECT_FALSE(print_goal("P5", "ratio", 0.59, 0.6, true));
    EXPECT_TRUE(print_goal("P5g", "ratio", 3.0, 3.0, false));
    EXPECT_FALSE(print_goal("P5g", "ratio", 3.01, 3.0, false));
    const std::string out = testing::internal::GetCapturedStdout();
    EXPECT_NE(out.find("PASS"), std::string::npos);
    EXPECT_NE(out.find("MISS"), std::string::npos);
}
