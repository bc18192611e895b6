#include "text/utf8_text.h"

#include <gtest/gtest.h>

namespace modmgr {
namespace {

TEST(Utf8Text, AcceptsWhatTheBusAccepts) {
    for (const std::string& valid : {std::string(""), std::string("plain"), std::string("caf\xC3\xA9"),
                                     std::string("\xE2\x82\xAC 5"), std::string("\xF0\x9F\x90\xA7"),
                                     std::string("\xF4\x8F\xBF\xBF"), std::string("a\0b", 3)})
        EXPECT_TRUE(is_valid_utf8(valid)) << valid;
}

TEST(Utf8Text, RefusesWhatTheBusRefuses) {
    for (const std::string& invalid :
         {std::string("\xFF"), std::string("\xC3"), std::string("\xC3(", 2),
          std::string("\xC0\xAF"),          // overlong '/'
          std::string("\xE0\x80\xAF"),      // overlong, 3 bytes
          std::string("\xED\xA0\x80"),      // a surrogate
          std::string("\xF4\x90\x80\x80"),  // past U+10FFFF
          std::string("\xF8\x88\x80\x80\x80"), std::string("ok\x80")})
        EXPECT_FALSE(is_valid_utf8(invalid)) << invalid;
}

TEST(Utf8Text, MendsAndCutsBetweenCharacters) {
    EXPECT_EQ(mended_utf8("caf\xC3\xA9", 100), "caf\xC3\xA9");
    EXPECT_EQ(mended_utf8("a\xFF" "b", 100), "a\xEF\xBF\xBD" "b");
    EXPECT_EQ(mended_utf8("caf\xC3\xA9", 4), "caf");
    EXPECT_EQ(mended_utf8("abc", 2), "ab");
    EXPECT_TRUE(is_valid_utf8(mended_utf8("\xED\xA0\x80\xC3", 100)));
}

} // namespace
} // namespace modmgr
