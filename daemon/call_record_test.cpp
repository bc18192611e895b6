#include "call_record.h"

#include <gtest/gtest.h>

#include <algorithm>

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
