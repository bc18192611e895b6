#include "client_load.h"

#include <gtest/gtest.h>

using namespace modmgr::bench;

namespace {

Measurement window(size_t calls, double seconds, const std::string& failure) {
    Measurement m;
    m.calls = calls;
    m.failed = failure.empty() ? 0 : 1;
    m.first_failure = failure;
    m.wall_seconds = seconds;
    m.latencies_ns.assign(calls, calls * 1000);
    m.client_cpu_seconds = 0.1 * seconds;
    m.daemon_cpu_seconds = 0.2 * seconds;
    m.replay_cpu_seconds = 0.3 * seconds;
    m.bus_cpu_seconds = 0.4 * seconds;
    m.machine = {static_cast<uint64_t>(100 * seconds), static_cast<uint64_t>(200 * seconds)};
    return m;
}

} // namespace

TEST(ClientLoad, WindowsOfAMethodAddUpToOneMeasurement) {
    Measurement total;
    accumulate(total, window(3, 1, ""));
    accumulate(total, window(5, 2, "the reply names e1000e, not dummy"));
    accumulate(total, window(2, 1, "the reply has no \"name\""));
    EXPECT_EQ(total.calls, 10u);
    EXPECT_EQ(total.failed, 2u);
    EXPECT_EQ(total.first_failure, "the reply names e1000e, not dummy");
    EXPECT_DOUBLE_EQ(total.wall_seconds, 4);
    EXPECT_EQ(total.latencies_ns.size(), 10u);
    EXPECT_EQ(total.latencies_ns.front(), 3000u);
    EXPECT_EQ(total.latencies_ns.back(), 2000u);
    EXPECT_DOUBLE_EQ(total.client_cpu_seconds, 0.4);
    EXPECT_DOUBLE_EQ(total.daemon_cpu_seconds, 0.8);
    EXPECT_DOUBLE_EQ(total.replay_cpu_seconds, 1.2);
    EXPECT_DOUBLE_EQ(total.bus_cpu_seconds, 1.6);
    EXPECT_EQ(total.machine.busy, 400u);
    EXPECT_EQ(total.machine.total, 800u);
}
