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

TEST(Report, PingIsTheMeanOfItsReadingsBeforeAndAfter) {
    const PingBaseline ping = ping_baseline({20000, 0.4, 1}, {18000, 0.5, 1});
    EXPECT_DOUBLE_EQ(ping.calls_per_second, 19000);
    EXPECT_DOUBLE_EQ(ping.p50_ms, 0.45);
}

TEST(Report, GoalRatiosAreAMethodOverPing) {
    const PingBaseline ping{20000, 0.4};
    EXPECT_DOUBLE_EQ(rate_ratio({5000, 1.6, 3}, ping), 0.25);
    EXPECT_DOUBLE_EQ(p50_ratio({5000, 1.6, 3}, ping), 4);
    EXPECT_EQ(rate_ratio({5000, 1.6, 3}, PingBaseline{}), 0);
    EXPECT_EQ(p50_ratio({5000, 1.6, 3}, PingBaseline{}), 0);
}

TEST(Report, ShareOfTheFloorIsModmgrdsRateOverTheReplayServers) {
    EXPECT_DOUBLE_EQ(share_of_floor({3000, 2, 4}, {12000, 0.5, 1}), 0.25);
    EXPECT_DOUBLE_EQ(share_of_floor({3000, 2, 4}, {2000, 3, 5}), 1.5);
    EXPECT_EQ(share_of_floor({3000, 2, 4}, {}), 0);
}

TEST(Report, OthersAreTheMachinesBusyTimeLessEveryNamedProcess) {
    Measurement m;
    m.machine = {500, 1000}; // 5 s busy at 100 ticks a second
    m.client_cpu_seconds = 1;
    m.daemon_cpu_seconds = 1.5;
    m.replay_cpu_seconds = 0.5;
    m.bus_cpu_seconds = 1.25;
    EXPECT_DOUBLE_EQ(others_cpu_seconds(m, 0.01), 0.75);
    m.bus_cpu_seconds = 2.5; // more than the ticks counted: rounding, not negative time
    EXPECT_EQ(others_cpu_seconds(m, 0.01), 0);
}

TEST(Report, TheFloorSaysWhoMissesAGoal) {
    EXPECT_TRUE(goal_met(0.6, 0.6, true));
    EXPECT_FALSE(goal_met(3.5, 3, false));
    const std::string modmgrd_misses = floor_verdict(true, false);
    const std::string floor_misses = floor_verdict(false, false);
    EXPECT_NE(modmgrd_misses.find("modmgrd's own cost"), std::string::npos);
    EXPECT_NE(floor_misses.find("floor itself misses"), std::string::npos);
    EXPECT_EQ(std::string(floor_verdict(true, true)), "both meet the goal");

    testing::internal::CaptureStdout();
    EXPECT_TRUE(print_floor("ratio", 0.7, 0.6, true, false, 0.5));
    EXPECT_FALSE(print_floor("ratio", 40, 3, false, false, 1.2));
    const std::string out = testing::internal::GetCapturedStdout();
    EXPECT_NE(out.find("50% of the floor's"), std::string::npos);
    EXPECT_NE(out.find("120% of the floor's"), std::string::npos);
}

TEST(Report, TheHandOffFloorIsAtLeastItsGoalAndShowsModmgrdsShareOfIt) {
    testing::internal::CaptureStdout();
    EXPECT_TRUE(print_hand_off_floor("ratio", 0.6, 0.6, 0.8));
    EXPECT_FALSE(print_hand_off_floor("ratio", 0.59, 0.6, 0.8));
    const std::string out = testing::internal::GetCapturedStdout();
    EXPECT_NE(out.find("0.600   goal >= 0.60   PASS"), std::string::npos);
    EXPECT_NE(out.find("0.590   goal >= 0.60   MISS"), std::string::npos);
    EXPECT_NE(out.find("80% of that floor's"), std::string::npos);
}
