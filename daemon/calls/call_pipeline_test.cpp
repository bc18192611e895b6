#include "calls/call_pipeline.h"

#include "support/simulated_kernel.h"
#include "support/test_kernel_tree.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

using namespace modmgr;
using namespace std::chrono_literals;

namespace {

using Names = std::vector<std::string>;

// Says who every caller is (uid 1000) and answers every authorization with `decision`,
// counting the questions.
class FakeCallerAuthority final : public CallerAuthority {
public:
    std::optional<sdbus::Error> refusal; // empty = allowed
    std::vector<std::vector<PolkitDetails>> checks;

    std::optional<SenderIdentity> known(const std::string&) const override { return std::nullopt; }
    void identify(const std::string&, SenderIdentities::Answer done) override {
        done(SenderIdentity{1000, 4242}, "");
    }
    void check(const Caller& caller, const AuthorizationAction&, std::vector<PolkitDetails> each,
               std::function<void(AuthDecision)> done) override {
        EXPECT_EQ(caller.uid, 1000) << "authorization asked before the caller was identified";
        checks.push_back(std::move(each));
        done({refusal, "fake"});
    }
    void permissions(const Caller&,
                     std::function<void(std::map<std::string, std::string>)> done) override {
        done({{"org.modmgr1.load", "yes"}});
    }
};

// Keeps the call's answer and writes "reply" or "error NAME" into the test's log.
template <typename T>
class RecordingReply final : public Reply<T> {
public:
    RecordingReply(std::vector<std::string>& log, std::optional<T>& value,
                   std::optional<sdbus::Error>& error)
        : log_(log), value_(value), error_(error) {}
    void value(const T& value) override {
        log_.push_back("reply");
        value_ = value;
    }
    void error(const sdbus::Error& error) override {
        log_.push_back("error " + error.getName());
        error_ = error;
    }

private:
    std::vector<std::string>& log_;
    std::optional<T>& value_;
    std::optional<sdbus::Error>& error_;
};

class CallPipelineTest : public ::testing::Test {
protected:
    const KmodSettings settings_{test_modules_dir(), {}, {}};
    SimulatedKernel kernel_;
    EventLoop loop_;
    WorkerPool reads_{"read", 1, settings_, kernel_};
    WorkerPool writes_{"write", 1, settings_, kernel_};
    FakeCallerAuthority authority_;
    ModuleLocks locks_;
    SnapshotClock clock_;
    std::vector<std::string> log_;
    bool dummy_locked_when_announced_ = false;
    CallPipeline pipeline_{loop_, authority_, locks_, clock_, kernel_,
                           [this](uint64_t, const Snapshot& snapshot, const Attribution& who) {
                               dummy_locked_when_announced_ = locks_.held("dummy");
                               log_.push_back("kernel changed: " + std::to_string(snapshot.size()) +
                                              " modules, by uid " + std::to_string(who.caller_uid));
                           }};

    template <typename T>
    struct Answer {
        std::optional<T> value;
        std::optional<sdbus::Error> error;
    };

    template <typename T>
    std::shared_ptr<DeferredCall<T>> admit(Answer<T>& answer) {
        Caller caller;
        caller.sender = ":1.42";
        return pipeline_.admit<T>(caller,
                                  std::make_unique<RecordingReply<T>>(log_, answer.value, answer.error),
                                  kLoadAction, "dummy");
    }
    // The error a call answers with whose work runs `thrown`.
    std::string failure_of(std::function<void()> thrown) {
        Answer<Names> answer;
        auto call = admit(answer);
        EXPECT_TRUE(pipeline_.validate(*call, [] {}));
        CallSteps<Names> steps;
        steps.work_on = &writes_;
        steps.work = [thrown](ModuleService&, const NothingPrepared&, const Attribution&) {
            thrown();
            return Names{};
        };
        pipeline_.run(call, steps);
        run_until_answered(answer);
        return answer.error ? answer.error->getName() : "no error";
    }
    // Runs the loop (once per test: an sd_event does not run again) until `answer` has come
    // (or 10 s have passed).
    template <typename T>
    void run_until_answered(const Answer<T>& answer) {
        std::function<void()> check = [&] {
            if (answer.value || answer.error)
                loop_.exit(0);
            else
                loop_.after(1ms, check);
        };
        loop_.after(0ms, check);
        loop_.after(10s, [this] { loop_.exit(1); });
        ASSERT_EQ(loop_.run(), 0) << "no answer within 10 s";
    }
    // The thread a pool's (one) worker runs on, asked as the callers' user: after their jobs.
    std::thread::id thread_of(WorkerPool& pool) {
        std::promise<std::thread::id> id;
        pool.submit(1000, [&id](ModuleService&) { id.set_value(std::this_thread::get_id()); });
        return id.get_future().get();
    }
};

} // namespace

TEST_F(CallPipelineTest, RefusedInputIsAnsweredWithItsTypedErrorAndPolkitIsNeverAsked) {
    Answer<Names> answer;
    auto call = admit(answer);
    ASSERT_TRUE(call);
    EXPECT_FALSE(pipeline_.validate(*call, [] {
        throw ModuleError(ErrorCode::InvalidArgument, "bad name");
    }));
    ASSERT_TRUE(answer.error);
    EXPECT_EQ(answer.error->getName(), "org.modmgr1.Error.InvalidArgument");
    EXPECT_EQ(answer.error->getMessage(), "bad name");

    Answer<Names> flagged;
    auto second = admit(flagged);
    EXPECT_FALSE(pipeline_.validate(*second, [] {}, 0x100, 0x1));
    ASSERT_TRUE(flagged.error);
    EXPECT_EQ(flagged.error->getName(), "org.freedesktop.DBus.Error.InvalidArgs");
    EXPECT_TRUE(authority_.checks.empty());
}

TEST_F(CallPipelineTest, ADeniedCallRunsNoWork) {
    authority_.refusal = sdbus::Error("org.freedesktop.DBus.Error.AccessDenied", "no");
    Answer<Names> answer;
    auto call = admit(answer);
    ASSERT_TRUE(pipeline_.validate(*call, [] {}));
    std::atomic<bool> worked{false};
    CallSteps<Names> steps;
    steps.details = [](const NothingPrepared&) { return std::vector<PolkitDetails>{{{"module", "dummy"}}}; };
    steps.work_on = &writes_;
    steps.work = [&worked](ModuleService&, const NothingPrepared&, const Attribution&) {
        worked = true;
        return Names{"dummy"};
    };
    pipeline_.run(call, steps);
    run_until_answered(answer);
    ASSERT_TRUE(answer.error);
    EXPECT_EQ(answer.error->getName(), "org.freedesktop.DBus.Error.AccessDenied");
    ASSERT_EQ(authority_.checks.size(), 1u);
    EXPECT_EQ(authority_.checks[0], (std::vector<PolkitDetails>{{{"module", "dummy"}}}));
    // Anything the work pool were given would have run by the time this probe does.
    thread_of(writes_);
    EXPECT_FALSE(worked);
}

TEST_F(CallPipelineTest, PrepareAndWorkRunOnTheirPoolsAndTheResultIsTheReply) {
    const auto read_thread = thread_of(reads_);
    const auto write_thread = thread_of(writes_);
    Answer<std::string> answer;
    auto call = pipeline_.admit<std::string>(
        Caller{":1.42"}, std::make_unique<RecordingReply<std::string>>(log_, answer.value, answer.error),
        kLoadAction, "dummy");
    ASSERT_TRUE(pipeline_.validate(*call, [] {}));
    std::thread::id prepared_on, worked_on;
    CallSteps<std::string, Names> steps;
    steps.prepare_on = &reads_;
    steps.prepare = [&prepared_on](ModuleService&) {
        prepared_on = std::this_thread::get_id();
        return Names{"dummy", "dummy_dep"};
    };
    steps.details = [](const Names& targets) {
        std::vector<PolkitDetails> each;
        for (const auto& target : targets)
            each.push_back({{"module", target}});
        return each;
    };
    steps.work_on = &writes_;
    steps.work = [&worked_on](ModuleService&, const Names& targets, const Attribution& who) {
        worked_on = std::this_thread::get_id();
        return targets.back() + " for uid " + std::to_string(who.caller_uid) + " (" + who.action + ")";
    };
    pipeline_.run(call, steps);
    run_until_answered(answer);
    ASSERT_TRUE(answer.value) << answer.error->getMessage();
    EXPECT_EQ(*answer.value, "dummy_dep for uid 1000 (org.modmgr1.load)");
    EXPECT_EQ(prepared_on, read_thread);
    EXPECT_EQ(worked_on, write_thread);
    ASSERT_EQ(authority_.checks.size(), 1u);
    EXPECT_EQ(authority_.checks[0].size(), 2u) << "one polkit check per prepared module";
}

TEST_F(CallPipelineTest, FailuresOfTheWorkAreAnsweredWithTheirTypedError) {
    EXPECT_EQ(failure_of([] { throw ModuleError(ErrorCode::InUse, "held by vxlan"); }),
              "org.modmgr1.Error.InUse");
}

TEST_F(CallPipelineTest, AnyOtherFailureOfTheWorkIsFailed) {
    EXPECT_EQ(failure_of([] { throw std::runtime_error("disk on fire"); }),
              "org.modmgr1.Error.Failed");
}

TEST_F(CallPipelineTest, AFailedPrepareIsTheAnswerBeforePolkitIsAsked) {
    Answer<Names> answer;
    auto call = admit(answer);
    ASSERT_TRUE(pipeline_.validate(*call, [] {}));
    CallSteps<Names, Names> steps;
    steps.prepare_on = &reads_;
    steps.prepare = [](ModuleService&) -> Names {
        throw ModuleError(ErrorCode::NotFound, "no module nosuch");
    };
    steps.work_on = &writes_;
    steps.work = [](ModuleService&, const Names&, const Attribution&) { return Names{}; };
    pipeline_.run(call, steps);
    run_until_answered(answer);
    ASSERT_TRUE(answer.error);
    EXPECT_EQ(answer.error->getName(), "org.modmgr1.Error.NotFound");
    EXPECT_TRUE(authority_.checks.empty());
}

// Until the loop has announced the new state: a uevent the loop takes up in between must find
// the module locked and leave the announcement, with the caller, to the call.
TEST_F(CallPipelineTest, KernelWorkHoldsItsLocksUntilTheNewStateIsAnnouncedBeforeTheReply) {
    Answer<Names> answer;
    auto call = admit(answer);
    ASSERT_TRUE(pipeline_.validate(*call, [] {}));
    std::atomic<bool> locked_while_working{false};
    CallSteps<Names> steps;
    steps.work_on = &writes_;
    steps.footprint = [](ModuleService&, const NothingPrepared&) { return Names{"dummy"}; };
    steps.work = [this, &locked_while_working](ModuleService&, const NothingPrepared&,
                                               const Attribution&) {
        locked_while_working = locks_.held("dummy");
        kernel_.add("dummy");
        return Names{"dummy"};
    };
    pipeline_.run(call, steps);
    run_until_answered(answer);
    EXPECT_TRUE(locked_while_working);
    EXPECT_TRUE(dummy_locked_when_announced_);
    EXPECT_FALSE(locks_.held("dummy"));
    EXPECT_EQ(log_, (Names{"kernel changed: 1 modules, by uid 1000", "reply"}));
}

TEST_F(CallPipelineTest, EvenFailedKernelWorkReportsTheKernelsStateBeforeTheError) {
    Answer<Names> answer;
    auto call = admit(answer);
    ASSERT_TRUE(pipeline_.validate(*call, [] {}));
    CallSteps<Names> steps;
    steps.work_on = &writes_;
    steps.footprint = [](ModuleService&, const NothingPrepared&) { return Names{"vxlan"}; };
    steps.work = [this](ModuleService&, const NothingPrepared&, const Attribution&) -> Names {
        kernel_.add("udp_tunnel"); // a rollback that could not finish
        throw ModuleError(ErrorCode::KernelRefused, "vxlan: EPERM");
    };
    pipeline_.run(call, steps);
    run_until_answered(answer);
    EXPECT_EQ(log_, (Names{"kernel changed: 1 modules, by uid 1000",
                           "error org.modmgr1.Error.KernelRefused"}));
}

TEST_F(CallPipelineTest, StoppingAnswersEveryOpenCall) {
    Answer<Names> answer;
    auto call = admit(answer);
    ASSERT_TRUE(pipeline_.validate(*call, [] {}));
    pipeline_.stop();
    ASSERT_TRUE(answer.error);
    EXPECT_EQ(answer.error->getName(), "org.modmgr1.Error.Failed");
}
