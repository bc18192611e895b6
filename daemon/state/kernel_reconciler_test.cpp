#include "state/kernel_reconciler.h"

#include "support/fake_scheduler.h"
#include "support/live_module_for_test.h"
#include "support/simulated_kernel.h"

#include <gtest/gtest.h>

#include <deque>

using namespace modmgr;
using namespace std::chrono_literals;

namespace {

using Names = std::vector<std::string>;

// A reconciler on a fake kernel and a fake loop, whose worker reads wait until the test runs
// them.
class KernelReconcilerTest : public ::testing::Test {
protected:
    struct Published {
        RegistryChanges changes;
        Attribution who;
    };

    FakeScheduler loop_;
    SimulatedKernel kernel_;
    SnapshotClock clock_;
    ModuleLocks locks_;
    std::deque<std::function<void()>> reads_;
    std::vector<Published> published_;
    KernelReconciler reconciler_{loop_,
                                 [this](std::function<void()> read) { reads_.push_back(read); },
                                 kernel_,
                                 clock_,
                                 locks_,
                                 [this](const RegistryChanges& changes, const Attribution& who) {
                                     published_.push_back({changes, who});
                                 }};

    // Runs the reads waiting for a worker, then what they posted to the loop.
    void run_reads() {
        while (!reads_.empty()) {
            auto read = std::move(reads_.front());
            reads_.pop_front();
            read();
        }
        loop_.run_posted();
    }
    // refresh(), and the read it starts.
    void refreshed() {
        reconciler_.refresh(ParameterReading::New);
        run_reads();
    }
    void set_state(const std::string& name, const std::string& state) {
        kernel_.set_state(name, state);
    }
};

} // namespace

TEST_F(KernelReconcilerTest, StartReadsTheKernelAtOnceAndAnnouncesNothing) {
    kernel_.add("udp_tunnel");
    kernel_.add("vxlan");
    EXPECT_EQ(module_names(reconciler_.start().added), (Names{"udp_tunnel", "vxlan"}));
    EXPECT_TRUE(reads_.empty());
    EXPECT_TRUE(published_.empty());
    EXPECT_EQ(reconciler_.current().size(), 2u);
}

TEST_F(KernelReconcilerTest, ARefreshAnnouncesWhatChangedBehindModmgrdsBack) {
    reconciler_.start();
    kernel_.add("dummy");
    refreshed();
    ASSERT_EQ(published_.size(), 1u);
    EXPECT_EQ(module_names(published_[0].changes.added), Names{"dummy"});
    EXPECT_EQ(published_[0].who.caller_uid, -1);
    EXPECT_EQ(published_[0].who.action, "");
    refreshed();
    EXPECT_EQ(published_.size(), 1u) << "a refresh that found nothing new announced something";
}

TEST_F(KernelReconcilerTest, AFoldedRefreshReadsEveryParameterIfAnyOfThemAskedFor) {
    kernel_.add({"dummy", {}, 0, {{"numdummies", "1"}}});
    reconciler_.start();
    kernel_.drop("dummy"); // loaded again with another value, unseen by any snapshot
    kernel_.add({"dummy", {}, 0, {{"numdummies", "2"}}});
    reconciler_.refresh(ParameterReading::New);
    reconciler_.refresh(ParameterReading::All); // the periodic check
    reconciler_.refresh(ParameterReading::New); // a uevent
    run_reads(); // the first, which asks for one more
    EXPECT_TRUE(published_.empty()) << "a New reading read parameters it already knew";
    run_reads();
    ASSERT_EQ(published_.size(), 1u);
    ASSERT_EQ(published_[0].changes.changed.size(), 1u);
    EXPECT_EQ(published_[0].changes.changed[0].parameters.at("numdummies"), "2");
}

TEST_F(KernelReconcilerTest, RefreshesAskedForWhileOneRunsFoldIntoOneMore) {
    reconciler_.start();
    reconciler_.refresh(ParameterReading::New);
    reconciler_.refresh(ParameterReading::New);
    reconciler_.refresh(ParameterReading::New);
    ASSERT_EQ(reads_.size(), 1u);
    kernel_.add("dummy"); // between the two reads
    reads_.front()();
    reads_.pop_front();
    loop_.run_posted();
    ASSERT_EQ(reads_.size(), 1u) << "the two refreshes asked for meanwhile make one more read";
    run_reads();
    EXPECT_TRUE(reads_.empty());
    EXPECT_EQ(kernel_.snapshots(), 3); // start, and the two refreshes
    ASSERT_EQ(published_.size(), 1u);
    EXPECT_EQ(module_names(published_[0].changes.added), Names{"dummy"});
}

TEST_F(KernelReconcilerTest, AModuleComingOrGoingIsLookedAtAgainBackingOffUpToThePeriodicRefresh) {
    reconciler_.start();
    kernel_.add("dummy");
    set_state("dummy", "coming");
    refreshed();
    while (loop_.timers() != 0) {
        loop_.advance(loop_.delays.back());
        run_reads();
    }
    using ms = std::chrono::milliseconds;
    const std::vector<std::chrono::microseconds> expected{ms(20),  ms(40),  ms(80),   ms(160),
                                                          ms(320), ms(640), ms(1280), ms(2560)};
    EXPECT_EQ(loop_.delays, expected);
    // Stuck in its init function: only the periodic refresh looks again.
    refreshed();
    EXPECT_EQ(loop_.timers(), 0u);
    // Once everything is live, the next module that comes is looked at after 20 ms again.
    set_state("dummy", "live");
    refreshed();
    kernel_.add("ifb");
    set_state("ifb", "coming");
    refreshed();
    EXPECT_EQ(loop_.delays.back(), ms(20));
    EXPECT_EQ(loop_.timers(), 1u);
    set_state("ifb", "live");
    loop_.advance(20ms);
    run_reads();
    EXPECT_EQ(published_.back().changes.changed.at(0).state, "live");
    EXPECT_EQ(loop_.timers(), 0u);
}

TEST_F(KernelReconcilerTest, AGoingModuleWhoseRemovalTheKernelAnnouncedCountsAsGone) {
    kernel_.add("dummy");
    reconciler_.start();
    set_state("dummy", "going");
    reconciler_.module_removed_by_kernel("dummy");
    refreshed();
    ASSERT_EQ(published_.size(), 1u);
    EXPECT_EQ(module_names(published_[0].changes.removed), Names{"dummy"});
    EXPECT_TRUE(reconciler_.current().empty());

    // Gone from the kernel's list too: the announcement is spent. Loaded again and going
    // without a remove uevent, it is still there, only "going".
    kernel_.clear();
    refreshed();
    kernel_.add("dummy");
    refreshed();
    set_state("dummy", "going");
    refreshed();
    ASSERT_EQ(published_.size(), 3u);
    EXPECT_TRUE(published_[2].changes.removed.empty());
    EXPECT_EQ(published_[2].changes.changed.at(0).state, "going");
}

TEST_F(KernelReconcilerTest, AnAnnouncedRemovalIsPublishedAtOnceWithoutReadingTheKernel) {
    kernel_.add("udp_tunnel");
    kernel_.add("dummy");
    reconciler_.start();
    const int reads = kernel_.snapshots();
    set_state("dummy", "going");
    reconciler_.module_removed_by_kernel("dummy");
    ASSERT_EQ(published_.size(), 1u);
    EXPECT_EQ(module_names(published_[0].changes.removed), Names{"dummy"});
    EXPECT_TRUE(published_[0].changes.added.empty());
    EXPECT_EQ(published_[0].who.caller_uid, -1);
    EXPECT_EQ(module_names(reconciler_.current()), Names{"udp_tunnel"});
    EXPECT_EQ(kernel_.snapshots(), reads);
    EXPECT_TRUE(reads_.empty());
}

TEST_F(KernelReconcilerTest, ASnapshotReadBeforeTheAnnouncementDoesNotBringTheModuleBack) {
    kernel_.add("dummy");
    reconciler_.start();
    // List read the kernel just before dummy was removed; its reply comes back after the uevent.
    const auto [sequence, listed] = clock_.take(kernel_, ParameterReading::New);
    kernel_.clear();
    reconciler_.module_removed_by_kernel("dummy");
    reconciler_.catch_up(sequence, listed);
    ASSERT_EQ(published_.size(), 1u);
    EXPECT_EQ(module_names(published_[0].changes.removed), Names{"dummy"});
    EXPECT_TRUE(reconciler_.current().empty());
    refreshed();
    EXPECT_EQ(published_.size(), 1u);
    // Loaded again later, it is announced as usual.
    kernel_.add("dummy");
    refreshed();
    ASSERT_EQ(published_.size(), 2u);
    EXPECT_EQ(module_names(published_[1].changes.added), Names{"dummy"});
}

TEST_F(KernelReconcilerTest, AnAnnouncedRemovalOfALockedModuleIsLeftToTheOperation) {
    kernel_.add("dummy");
    reconciler_.start();
    {
        ModuleLocks::Guard operation(locks_, {"dummy"});
        set_state("dummy", "going");
        reconciler_.module_removed_by_kernel("dummy");
        EXPECT_TRUE(published_.empty());
    }
    const auto [sequence, snapshot] = clock_.take(kernel_, ParameterReading::New);
    reconciler_.operation_finished(sequence, snapshot, {"org.modmgr1.unload", 1000});
    ASSERT_EQ(published_.size(), 1u);
    EXPECT_EQ(module_names(published_[0].changes.removed), Names{"dummy"});
    EXPECT_EQ(published_[0].who.caller_uid, 1000);
}

TEST_F(KernelReconcilerTest, AChangeToALockedModuleWaitsForTheOperationThenARefreshFollows) {
    reconciler_.start();
    {
        ModuleLocks::Guard operation(locks_, {"dummy"});
        kernel_.add("dummy"); // the operation's insert, seen by a uevent's refresh
        refreshed();
        EXPECT_TRUE(published_.empty()) << "the refresh announced the operation's change";
    }
    const auto [sequence, snapshot] = clock_.take(kernel_, ParameterReading::New);
    reconciler_.operation_finished(sequence, snapshot, {"org.modmgr1.load", 1000});
    ASSERT_EQ(published_.size(), 1u);
    EXPECT_EQ(module_names(published_[0].changes.added), Names{"dummy"});
    EXPECT_EQ(published_[0].who.action, "org.modmgr1.load");
    EXPECT_EQ(published_[0].who.caller_uid, 1000);
    ASSERT_EQ(reads_.size(), 1u) << "no refresh followed the operation";
    run_reads();
    EXPECT_EQ(published_.size(), 1u);
}

TEST_F(KernelReconcilerTest, ARemovalOfALockedModuleWaitsForTheOperationToo) {
    kernel_.add("dummy");
    reconciler_.start();
    ModuleLocks::Guard operation(locks_, {"dummy"});
    kernel_.clear();
    refreshed();
    EXPECT_TRUE(published_.empty());
    EXPECT_EQ(reconciler_.current().size(), 1u);
}

TEST_F(KernelReconcilerTest, WithoutARefreshPutOffAnOperationStartsNone) {
    reconciler_.start();
    kernel_.add("dummy");
    const auto [sequence, snapshot] = clock_.take(kernel_, ParameterReading::New);
    reconciler_.operation_finished(sequence, snapshot, {"org.modmgr1.load", 0});
    EXPECT_EQ(published_.size(), 1u);
    EXPECT_TRUE(reads_.empty());
}

TEST_F(KernelReconcilerTest, ListsSnapshotIsCaughtUpWithLikeARefresh) {
    reconciler_.start();
    kernel_.add("dummy");
    const auto [sequence, snapshot] = clock_.take(kernel_, ParameterReading::New);
    reconciler_.catch_up(sequence, snapshot);
    ASSERT_EQ(published_.size(), 1u);
    EXPECT_EQ(module_names(published_[0].changes.added), Names{"dummy"});
    EXPECT_EQ(published_[0].who.caller_uid, -1);
}
