#include "termination_signals.h"

#include <gtest/gtest.h>

namespace modmgr {
namespace {

using namespace std::chrono_literals;

bool blocked(int signal) {
    sigset_t mask;
    ::sigprocmask(SIG_BLOCK, nullptr, &mask);
    return sigismember(&mask, signal) == 1;
}

TEST(TerminationSignals, SigtermBecomesReadableInsteadOfKilling) {
    TerminationSignals signals;
    EXPECT_FALSE(signals.received());
    ::raise(SIGTERM);
    EXPECT_TRUE(signals.received());
    EXPECT_FALSE(signals.received());
}

TEST(TerminationSignals, WaitEndsEarlyOnSigint) {
    TerminationSignals signals;
    ::raise(SIGINT);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(signals.wait_for(10s));
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(TerminationSignals, WaitWithoutASignalSleepsItsTime) {
    TerminationSignals signals;
    const auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(signals.wait_for(50ms));
    EXPECT_GE(std::chrono::steady_clock::now() - start, 50ms);
}

TEST(TerminationSignals, MaskIsRestored) {
    ASSERT_FALSE(blocked(SIGTERM));
    {
        TerminationSignals signals;
        EXPECT_TRUE(blocked(SIGTERM));
        EXPECT_TRUE(blocked(SIGINT));
    }
    EXPECT_FALSE(blocked(SIGTERM));
    EXPECT_FALSE(blocked(SIGINT));
}

} // namespace
} // namespace modmgr
