#include "load/parameter_types.h"

#include <gtest/gtest.h>

#include "base/module_error.h"

namespace modmgr {
namespace {

struct Case {
    const char* type;
    std::optional<std::string> value;
    // What the kernel stores, spelled as checked_parameter_value() spells it; nullopt: refused.
    std::optional<std::string> stored;
};

std::optional<std::string> stored(const Case& c) {
    try {
        return checked_parameter_value("p", c.type, c.value);
    } catch (const ModuleError& e) {
        EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
        return std::nullopt;
    }
}

void expect_cases(const std::vector<Case>& cases) {
    for (const auto& c : cases)
        EXPECT_EQ(stored(c), c.stored) << c.type << " " << c.value.value_or("(bare)");
}

const std::nullopt_t kRefused = std::nullopt;

TEST(ParameterTypes, IntegersTakeTheKernelsBasePrefixes) {
    expect_cases({
        {"int", "42", "42"},
        {"int", "+42", "42"},
        {"int", "-42", "-42"},
        {"int", "0x1f", "31"},
        {"int", "0X1F", "31"},
        {"int", "017", "15"},
        {"int", "0", "0"},
        {"int", "-0", "0"},
        {"int", "42\n", "42"},
        {"int", "08", kRefused},  // octal has no 8
        {"int", "0x", kRefused},  // "0" in octal, then garbage
        {"int", "0xg", kRefused},
        {"int", "", kRefused},
        {"int", "a b", kRefused},
        {"int", " 1", kRefused},
        {"int", "1 ", kRefused},
        {"int", "1.5", kRefused},
        {"int", "--1", kRefused},
        {"int", "-+1", kRefused},
        {"int", "+-1", kRefused},
        {"int", "++1", kRefused},
        {"int", "1e3", kRefused},
        {"int", std::nullopt, kRefused},
        {"uint", "-1", kRefused},  // no sign but '+' for the unsigned types
        {"uint", "+7", "7"},
        {"hexint", "0x10", "16"},
        {"hexint", "10", "10"},    // base 0 like the others: decimal without a prefix
        {"hexint", "0x000010", "16"},
    });
}

TEST(ParameterTypes, EachWidthEndsAtItsBounds) {
    expect_cases({
        {"byte", "0", "0"},
        {"byte", "255", "255"},
        {"byte", "256", kRefused},
        {"byte", "-1", kRefused},
        {"byte", "0xff", "255"},
        {"short", "-32768", "-32768"},
        {"short", "32767", "32767"},
        {"short", "-32769", kRefused},
        {"short", "32768", kRefused},
        {"ushort", "65535", "65535"},
        {"ushort", "65536", kRefused},
        {"int", "-2147483648", "-2147483648"},
        {"int", "2147483647", "2147483647"},
        {"int", "-2147483649", kRefused},
        {"int", "2147483648", kRefused},
        {"int", "0x7fffffff", "2147483647"},
        {"int", "0x80000000", kRefused},
        {"uint", "4294967295", "4294967295"},
        {"uint", "4294967296", kRefused},
        {"hexint", "0xffffffff", "4294967295"},
        {"hexint", "0x100000000", kRefused},
        {"long", "-9223372036854775808", "-9223372036854775808"},
        {"long", "9223372036854775807", "9223372036854775807"},
        {"long", "-9223372036854775809", kRefused},
        {"long", "9223372036854775808", kRefused},
        {"long", "-18446744073709551615", kRefused},
        {"ulong", "18446744073709551615", "18446744073709551615"},
        {"ulong", "18446744073709551616", kRefused},
        {"ulong", "0xffffffffffffffff", "18446744073709551615"},
        {"ulong", "0x10000000000000000", kRefused},
        {"ullong", "18446744073709551615", "18446744073709551615"},
        {"ullong", "99999999999999999999999999999999", kRefused},
    });
}

TEST(ParameterTypes, BoolsReadTheFirstCharactersLikeKstrtobool) {
    expect_cases({
        {"bool", "y", "Y"},   {"bool", "Y", "Y"},    {"bool", "yes", "Y"}, {"bool", "1", "Y"},
        {"bool", "t", "Y"},   {"bool", "true", "Y"}, {"bool", "on", "Y"},  {"bool", "ON", "Y"},
        {"bool", "n", "N"},   {"bool", "N", "N"},    {"bool", "0", "N"},   {"bool", "false", "N"},
        {"bool", "off", "N"}, {"bool", "oF", "N"},   {"bool", "10", "Y"},
        {"bool", "", kRefused},    {"bool", "o", kRefused},  {"bool", "ox", kRefused},
        {"bool", "2", kRefused},   {"bool", "maybe", kRefused}, {"bool", " y", kRefused},
        // A bare key is "set" for bool alone: invbool has no default in the kernel.
        {"bool", std::nullopt, "Y"},
        {"invbool", "y", "Y"},
        {"invbool", "0", "N"},
        {"invbool", "x", kRefused},
        {"invbool", std::nullopt, kRefused},
    });
}

TEST(ParameterTypes, TextTakesAnythingButNeedsAValue) {
    expect_cases({
        {"charp", "a b", "a b"},
        {"charp", "", ""},
        {"charp", "\\x00\\0", "\\x00\\0"},
        {"charp", std::nullopt, kRefused},
        {"string", "eth0", "eth0"},
        {"string", std::nullopt, kRefused},
    });
}

TEST(ParameterTypes, ArraysCheckEveryElementOfAnyCount) {
    expect_cases({
        {"array of int", "1", "1"},
        {"array of int", "1,0x2,-3", "1,2,-3"},
        {"array of int", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20",
         "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20"},
        {"array of int", "1,,3", kRefused}, // the kernel parses the empty element too
        {"array of int", "1,", kRefused},
        {"array of int", ",1", kRefused},
        {"array of int", "", kRefused},
        {"array of int", "1,x", kRefused},
        {"array of int", "1,2147483648", kRefused},
        {"array of int", std::nullopt, kRefused},
        {"array of bool", "y,n,1", "Y,N,Y"},
        {"array of bool", std::nullopt, kRefused},
        {"array of byte", "255,0", "255,0"},
        {"array of byte", "255,256", kRefused},
        {"array of charp", "a,,b", "a,,b"},
    });
}

TEST(ParameterTypes, TypesTheKernelDoesNotDefineAreLeftToTheModule) {
    expect_cases({
        {"bool_enable_only", "whatever", "whatever"},
        {"array of custom", "x,y", "x,y"},
        {"", "anything", "anything"},
        {"array of", "x", "x"},
        {"Int", "x", "x"},
    });
}

std::string message_for(const std::string& name, const std::string& type,
                        const std::optional<std::string>& value) {
    try {
        checked_parameter_value(name, type, value);
    } catch (const ModuleError& e) {
        return e.what();
    }
    return "(accepted)";
}

TEST(ParameterTypes, MessagesNameTheParameterItsTypeAndTheValue) {
    EXPECT_EQ(message_for("numdummies", "int", "a b"), "numdummies is an int: 'a b' is not one");
    EXPECT_EQ(message_for("copybreak", "uint", "4294967296"),
              "copybreak is a uint: '4294967296' is out of its range (0 to 4294967295)");
    EXPECT_EQ(message_for("level", "short", "-40000"),
              "level is a short: '-40000' is out of its range (-32768 to 32767)");
    EXPECT_EQ(message_for("TxIntDelay", "array of int", "1,x"),
              "TxIntDelay is an array of int: element 2, 'x', is not an int");
    EXPECT_EQ(message_for("TxIntDelay", "array of int", "1,2147483648"),
              "TxIntDelay is an array of int: element 2, '2147483648', is out of an int's range "
              "(-2147483648 to 2147483647)");
    EXPECT_EQ(message_for("debug", "bool", "maybe"),
              "debug is a bool: 'maybe' is not one (the kernel takes y, n, t, f, 1, 0, on, off)");
    EXPECT_EQ(message_for("numdummies", "int", std::nullopt),
              "numdummies is an int: it needs a value (numdummies=VALUE)");
}

TEST(ParameterTypes, SameValueComparesWhatTheKernelStores) {
    EXPECT_TRUE(same_parameter_value("debug", "int", "0x1", "1"));
    EXPECT_TRUE(same_parameter_value("debug", "int", "-1", "-1"));
    EXPECT_FALSE(same_parameter_value("debug", "int", "1", "0"));
    EXPECT_TRUE(same_parameter_value("on", "bool", std::nullopt, "Y"));
    EXPECT_TRUE(same_parameter_value("on", "bool", "1", "Y"));
    EXPECT_FALSE(same_parameter_value("on", "bool", "off", "Y"));
    // /sys/module shows an invbool as it was set, not as the module stores it.
    EXPECT_TRUE(same_parameter_value("off", "invbool", "y", "Y"));
    EXPECT_TRUE(same_parameter_value("mask", "hexint", "16", "0x000010"));
    EXPECT_TRUE(same_parameter_value("delays", "array of int", "1,2", "1,2"));
    // An array shown with all its slots is not the two elements asked for: not the same.
    EXPECT_FALSE(same_parameter_value("delays", "array of int", "1,2", "1,2,0,0"));
    EXPECT_TRUE(same_parameter_value("name", "charp", "a b", "a b"));
    EXPECT_FALSE(same_parameter_value("name", "charp", "a", "(null)"));
    EXPECT_TRUE(same_parameter_value("x", "custom", "abc", "abc"));
    // A current value the type cannot read is compared as text.
    EXPECT_FALSE(same_parameter_value("debug", "int", "1", "garbage"));
}

} // namespace
} // namespace modmgr
