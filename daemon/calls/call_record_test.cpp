#include "calls/call_record.h"

#include <gtest/gtest.h>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <sstream>

using namespace modmgr;

namespace {

bool has(const std::vector<std::string>& fields, const std::string& field) {
    return std::find(fields.begin(), fields.end(), field) != fields.end();
}

CallRecord load_by_user() {
    Caller caller;
    caller.sender = ":1.42";
    caller.uid = 1000;
    caller.pid = 4242;
    return {caller, "org.modmgr1.load", "dummy", "polkit: authorized by polkit", "ok", "inserted: dummy"};
}

} // namespace

TEST(CallRecord, JournalFieldsNameModuleCallerActionAndResult) {
    auto fields = call_journal_fields(load_by_user(), spdlog::level::info);
    EXPECT_TRUE(has(fields, "MODULE=dummy"));
    EXPECT_TRUE(has(fields, "CALLER_UID=1000"));
    EXPECT_TRUE(has(fields, "CALLER_PID=4242"));
    EXPECT_TRUE(has(fields, "CALLER_BUS_NAME=:1.42"));
    EXPECT_TRUE(has(fields, "ACTION=org.modmgr1.load"));
    EXPECT_TRUE(has(fields, "RESULT=ok"));
    EXPECT_TRUE(has(fields, "PRIORITY=6"));
    EXPECT_TRUE(has(fields, std::string("MESSAGE_ID=") + kCallSucceededId));
    EXPECT_TRUE(has(fields, "MESSAGE=" + call_message(load_by_user())));
}

TEST(CallRecord, EachOutcomeHasItsOwnMessageId) {
    auto denied = load_by_user();
    denied.result = "denied";
    auto failed = load_by_user();
    failed.result = "failed";
    EXPECT_TRUE(has(call_journal_fields(denied, spdlog::level::warn),
                    std::string("MESSAGE_ID=") + kCallDeniedId));
    EXPECT_TRUE(has(call_journal_fields(failed, spdlog::level::warn),
                    std::string("MESSAGE_ID=") + kCallFailedId));
    EXPECT_TRUE(has(call_journal_fields(failed, spdlog::level::warn), "PRIORITY=4"));
}

TEST(CallRecord, UnknownCallerAndNoModuleLeaveTheirFieldsOut) {
    CallRecord record{Caller{}, "org.modmgr1.inspect", "", "", "failed", "bad input"};
    auto fields = call_journal_fields(record, spdlog::level::warn);
    for (const auto& f : fields) {
        EXPECT_NE(f.rfind("MODULE=", 0), 0u) << f;
        EXPECT_NE(f.rfind("CALLER_UID=", 0), 0u) << f;
        EXPECT_NE(f.rfind("CALLER_PID=", 0), 0u) << f;
    }
}

TEST(CallRecord, MessageReadsAsOneLine) {
    EXPECT_EQ(call_message(load_by_user()),
              "sender=:1.42 uid=1000 pid=4242 action=org.modmgr1.load module=dummy "
              "auth=polkit: authorized by polkit result=ok (inserted: dummy)");
}

TEST(CallRecord, CallerTextIsEscapedAndBoundedInEveryField) {
    CallRecord forged = load_by_user();
    forged.module = "x\nmodmgrd: info: sender=:1.1 uid=0 result=ok (inserted: rootkit)" +
                    std::string(32 << 20, 'a');
    forged.detail = "invalid module name \"x\nforged\"";
    forged.result = "failed";
    const std::string message = call_message(forged);
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_LT(message.size(), 2048u);
    EXPECT_NE(message.find("module=x\\x0amodmgrd: info:"), std::string::npos) << message;
    for (const auto& field : call_journal_fields(forged, spdlog::level::warn)) {
        EXPECT_EQ(field.find('\n'), std::string::npos) << field;
        EXPECT_LT(field.size(), 2048u);
    }
}

TEST(CallLog, RepeatedFailuresOfOneCallerAreSummedUpNotEachLogged) {
    std::ostringstream out;
    auto previous = spdlog::default_logger();
    spdlog::set_default_logger(std::make_shared<spdlog::logger>(
        "test", std::make_shared<spdlog::sinks::ostream_sink_mt>(out)));
    CallLog log({2, std::chrono::seconds(0), 100, 100});
    CallRecord denied = load_by_user();
    denied.result = "denied";
    for (int i = 0; i < 100; ++i)
        log.record(denied, spdlog::level::warn, "org.freedesktop.DBus.Error.AccessDenied");
    for (int i = 0; i < 3; ++i)
        log.record(load_by_user(), spdlog::level::info, "");
    log.flush();
    spdlog::set_default_logger(previous);

    const std::string text = out.str();
    auto count = [&](const std::string& what) {
        size_t n = 0;
        for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
            ++n;
        return n;
    };
    EXPECT_EQ(count("result=denied"), 3u) << text; // two records and the summary
    EXPECT_EQ(count("result=ok"), 3u) << "successes are never limited\n" << text;
    EXPECT_EQ(count("suppressed 98 more calls like: uid=1000 action=org.modmgr1.load "
                    "result=denied error=org.freedesktop.DBus.Error.AccessDenied"),
              1u)
        << text;
}
