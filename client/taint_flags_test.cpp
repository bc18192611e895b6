#include "taint_flags.h"

#include <gtest/gtest.h>

namespace modmgr {
namespace {

using Letters = std::vector<std::string>;

TEST(TaintFlags, UntaintedHasNoLetters) {
    EXPECT_TRUE(taint_letters(0).empty());
}

TEST(TaintFlags, LettersInBitOrderAsTheKernelPrintsThem) {
    // P (0) and O (12): a proprietary, out-of-tree module.
    EXPECT_EQ(taint_letters(4097), (Letters{"P", "O"}));
    // O (12) and E (13) without P: the kernel shows 'G' first.
    EXPECT_EQ(taint_letters(12288), (Letters{"G", "O", "E"}));
    EXPECT_EQ(taint_letters(1u << 9), (Letters{"G", "W"}));
    EXPECT_EQ(taint_letters(1u << 18), (Letters{"G", "N"}));
}

TEST(TaintFlags, UnknownBitsAreNumbered) {
    EXPECT_EQ(taint_letters((uint64_t{1} << 40) | 1), (Letters{"P", "#40"}));
}

} // namespace
} // namespace modmgr
