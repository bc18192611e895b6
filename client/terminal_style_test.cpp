#include "terminal_style.h"

#include <gtest/gtest.h>

namespace modmgr {
namespace {

TEST(TerminalStyle, ColourOnlyOnATerminalThatIsNotDumb) {
    EXPECT_TRUE(colour_enabled(true, "xterm-256color", nullptr));
    EXPECT_FALSE(colour_enabled(false, "xterm-256color", nullptr));
    EXPECT_FALSE(colour_enabled(true, "dumb", nullptr));
    EXPECT_FALSE(colour_enabled(true, nullptr, nullptr));
    EXPECT_FALSE(colour_enabled(true, "", nullptr));
}

TEST(TerminalStyle, AnyNonEmptyNoColorDisablesIt) {
    EXPECT_FALSE(colour_enabled(true, "xterm", "1"));
    EXPECT_FALSE(colour_enabled(true, "xterm", "0"));
    EXPECT_FALSE(colour_enabled(true, "xterm", "no"));
    // no-color.org: present and empty does not count.
    EXPECT_TRUE(colour_enabled(true, "xterm", ""));
}

TEST(TerminalStyle, Utf8LocaleFromTheFirstVariableSet) {
    EXPECT_TRUE(locale_is_utf8(nullptr, nullptr, "en_US.UTF-8"));
    EXPECT_TRUE(locale_is_utf8(nullptr, nullptr, "C.utf8"));
    EXPECT_TRUE(locale_is_utf8(nullptr, nullptr, "de_DE.UTF-8@euro"));
    EXPECT_FALSE(locale_is_utf8("C", nullptr, "en_US.UTF-8"));
    EXPECT_TRUE(locale_is_utf8("", "en_US.UTF-8", "C"));
    EXPECT_FALSE(locale_is_utf8(nullptr, nullptr, "en_US.ISO-8859-1"));
    EXPECT_FALSE(locale_is_utf8(nullptr, nullptr, "POSIX"));
    EXPECT_FALSE(locale_is_utf8(nullptr, nullptr, nullptr));
}

TEST(TerminalStyle, PaintsOnlyWithColour) {
    EXPECT_EQ(TerminalStyle(false, true).paint("modctl:", Tone::Error), "modctl:");
    EXPECT_EQ(TerminalStyle(true, true).paint("modctl:", Tone::Error), "\x1b[1;31mmodctl:\x1b[0m");
}

TEST(TerminalStyle, GlyphsFallBackToAscii) {
    EXPECT_EQ(TerminalStyle(false, true).glyph("├─", "|-"), "├─");
    EXPECT_EQ(TerminalStyle(false, false).glyph("├─", "|-"), "|-");
}

} // namespace
} // namespace modmgr
