#include "process_usage.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <stdexcept>

using namespace modmgr::bench;

TEST(ProcessUsage, CpuTicksAreUtimePlusStimeCountedAfterTheCommandName) {
    // A command name may hold blanks and parentheses; utime 1500 and stime 250 follow.
    const std::string stat =
        "4242 (modmgrd (x) y) S 1 4242 4242 0 -1 4194560 900 0 0 0 1500 250 0 0 20 0 9 0 "
        "5000 90000000 3000 18446744073709551615\n";
    EXPECT_EQ(cpu_ticks_of_stat(stat), 1750u);
}

TEST(ProcessUsage, StatTextWithoutTheTimesIsRefused) {
    EXPECT_THROW(cpu_ticks_of_stat("4242 (modmgrd) S 1 2 3"), std::runtime_error);
    EXPECT_THROW(cpu_ticks_of_stat("garbage"), std::runtime_error);
}

TEST(ProcessUsage, RssIsTheVmRssLineInKib) {
    EXPECT_EQ(rss_kib_of_status("Name:\tmodmgrd\nVmHWM:\t   20000 kB\nVmRSS:\t   12168 kB\n"
                                "RssAnon:\t    4000 kB\n"),
              12168);
    EXPECT_THROW(rss_kib_of_status("Name:\tmodmgrd\n"), std::runtime_error);
}

TEST(ProcessUsage, MachineTicksCountIdleAndIowaitAsNotBusy) {
    // user nice system idle iowait irq softirq steal guest guest_nice
    const MachineTicks ticks =
        machine_ticks_of_stat("cpu  100 2 30 500 7 1 4 6 50 0\ncpu0 1 2 3 4 5 6 7 8 9 0\n");
    EXPECT_EQ(ticks.total, 650u);
    EXPECT_EQ(ticks.busy, 143u);
}

TEST(ProcessUsage, ThisProcessCanBeRead) {
    EXPECT_GT(process_rss_kib(::getpid()), 0);
    EXPECT_GE(process_cpu_seconds(::getpid()), 0.0);
    const MachineTicks ticks = machine_ticks();
    EXPECT_GE(ticks.total, ticks.busy);
    EXPECT_GT(ticks.total, 0u);
}
