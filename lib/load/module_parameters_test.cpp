#include "load/module_parameters.h"

#include <gtest/gtest.h>

namespace modmgr {
namespace {

using Strings = std::vector<std::string>;

TEST(SplitParameter, AKeyAndItsValueOrNone) {
    using Split = std::pair<std::string, std::optional<std::string>>;
    EXPECT_EQ(split_parameter("numdummies=3"), (Split{"numdummies", "3"}));
    EXPECT_EQ(split_parameter("opts=a=b c"), (Split{"opts", "a=b c"}));
    EXPECT_EQ(split_parameter("empty="), (Split{"empty", ""}));
    EXPECT_EQ(split_parameter("debug"), (Split{"debug", std::nullopt}));
}

TEST(QuoteParameter, QuotesOnlyValuesWithSpaces) {
    EXPECT_EQ(quote_parameter("opts=a b"), "opts=\"a b\"");
    EXPECT_EQ(quote_parameter("irq=12"), "irq=12");
    EXPECT_EQ(quote_parameter("TxIntDelay=1,2,3"), "TxIntDelay=1,2,3");
    EXPECT_EQ(quote_parameter("debug"), "debug");
    EXPECT_EQ(quote_parameter("empty="), "empty=");
    // Only the value: "a=b c=d" is one parameter a with value "b c=d".
    EXPECT_EQ(quote_parameter("a=b c=d"), "a=\"b c=d\"");
}

TEST(QuoteParameter, QuotesATrailingBackslashSoNoConfigLineEndsInOne) {
    EXPECT_EQ(quote_parameter("path=C:\\"), "path=\"C:\\\"");
    EXPECT_EQ(quote_parameter("path=a b\\"), "path=\"a b\\\"");
    EXPECT_EQ(quote_parameter("path=\\"), "path=\"\\\"");
    EXPECT_EQ(quote_parameter("path=a\\b"), "path=a\\b");
    EXPECT_EQ(quote_parameter("flag\\"), "flag\\"); // no value: a key cannot hold a backslash
}

TEST(MergeParameters, ConfiguredFirstThenCallers) {
    EXPECT_EQ(merge_parameters("irq=5 debug", {"irq=12", "opts=a b"}),
              "irq=5 debug irq=12 opts=\"a b\"");
    EXPECT_EQ(merge_parameters("", {"irq=12"}), "irq=12");
    EXPECT_EQ(merge_parameters("irq=5", {}), "irq=5");
    EXPECT_EQ(merge_parameters("", {}), "");
    EXPECT_EQ(merge_parameters("  a=1   b=\"x  y\" ", {"c"}), "a=1 b=\"x  y\" c");
}

TEST(SplitOptions, SplitsOnBlanksOutsideQuotes) {
    EXPECT_EQ(split_options("a=1 b=\"x y\""), (Strings{"a=1", "b=\"x y\""}));
    EXPECT_EQ(split_options("  a=1\tb=2\nc  "), (Strings{"a=1", "b=2", "c"}));
    EXPECT_EQ(split_options("\"a=x y\" z"), (Strings{"\"a=x y\"", "z"}));
    EXPECT_EQ(split_options(""), Strings{});
    EXPECT_EQ(split_options("   "), Strings{});
}

TEST(SplitOptions, InvertsMerge) {
    const Strings caller{"irq=12", "opts=a b", "debug"};
    EXPECT_EQ(split_options(merge_parameters("x=1", caller)),
              (Strings{"x=1", "irq=12", "opts=\"a b\"", "debug"}));
}

} // namespace
} // namespace modmgr
