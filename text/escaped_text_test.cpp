#include "text/escaped_text.h"

#include <gtest/gtest.h>

using namespace modmgr;

TEST(EscapedForLog, NoCallerTextCanStartALineOrGrowTheLog) {
    const std::string forged = "x\nmodmgrd: info: uid=0 result=ok (inserted: rootkit)";
    const std::string logged = escaped_for_log(forged, 1024);
    EXPECT_EQ(logged.find('\n'), std::string::npos);
    EXPECT_EQ(logged, "x\\x0amodmgrd: info: uid=0 result=ok (inserted: rootkit)");
    EXPECT_EQ(escaped_for_log(std::string(32 << 20, 'a'), 16), std::string(16, 'a') + "...(33554432 bytes)");
    EXPECT_EQ(escaped_for_log("\xff\x7f", 16), "\\xff\\x7f");
}

TEST(EscapedForLog, NoEscapeSequenceReachesATerminal) {
    // ESC (a CSI sequence), the C1 CSI as UTF-8, BEL, DEL, and the quote and backslash that
    // would make a quoted value ambiguous.
    EXPECT_EQ(escaped_for_log("\x1b[2J\xc2\x9b" "31m\x07\x7f\"\\", 64),
              "\\x1b[2J\\xc2\\x9b31m\\x07\\x7f\\\"\\\\");
}
