#include "load/parameter_types.h"

#include <climits>
#include <cstdint>
#include <string_view>
#include <vector>

#include "base/module_error.h"

namespace modmgr {
namespace {

enum class Kind { Integer, Bool, Text };

struct ElementType {
    const char* name;
    Kind kind;
    bool is_signed = false;
    int64_t min = 0;
    uint64_t max = 0;
};

// The kernel's standard parameter types (kernel/params.c), with the range of each integer.
const ElementType kElementTypes[] = {
    {"byte", Kind::Integer, false, 0, UINT8_MAX},
    {"short", Kind::Integer, true, INT16_MIN, INT16_MAX},
    {"ushort", Kind::Integer, false, 0, UINT16_MAX},
    {"int", Kind::Integer, true, INT_MIN, INT_MAX},
    {"uint", Kind::Integer, false, 0, UINT_MAX},
    {"hexint", Kind::Integer, false, 0, UINT_MAX},
    {"long", Kind::Integer, true, LONG_MIN, LONG_MAX},
    {"ulong", Kind::Integer, false, 0, ULONG_MAX},
    {"ullong", Kind::Integer, false, 0, ULLONG_MAX},
    {"bool", Kind::Bool},
    {"invbool", Kind::Bool},
    {"charp", Kind::Text},
    {"string", Kind::Text},
};

constexpr std::string_view kArrayOf = "array of ";

const ElementType* element_type(std::string_view name) {
    for (const auto& type : kElementTypes)
        if (name == type.name)
            return &type;
    return nullptr;
}

enum class Parsed { Ok, Invalid, OutOfRange };

int digit_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    const char lower = static_cast<char>(c | 0x20);
    if (lower >= 'a' && lower <= 'f')
        return lower - 'a' + 10;
    return 16;
}

// _kstrtoull(s, 0): the base from the prefix ("0x" and a hex digit: 16; "0": 8; else 10),
// at least one digit, then nothing but one optional '\n'. Overflow is reported before
// trailing garbage, as the kernel does.
Parsed parse_magnitude(std::string_view s, uint64_t& result) {
    unsigned base = 10;
    if (!s.empty() && s[0] == '0') {
        base = 8;
        if (s.size() >= 3 && (s[1] | 0x20) == 'x' && digit_value(s[2]) < 16) {
            base = 16;
            s.remove_prefix(2);
        }
    }
    result = 0;
    bool overflow = false;
    size_t used = 0;
    for (; used < s.size(); ++used) {
        const int digit = digit_value(s[used]);
        if (digit >= static_cast<int>(base))
            break;
        if (result > (UINT64_MAX - static_cast<uint64_t>(digit)) / base)
            overflow = true;
        result = result * base + static_cast<uint64_t>(digit);
    }
    if (overflow)
        return Parsed::OutOfRange;
    if (used == 0)
        return Parsed::Invalid;
    s.remove_prefix(used);
    if (!s.empty() && s[0] == '\n')
        s.remove_prefix(1);
    return s.empty() ? Parsed::Ok : Parsed::Invalid;
}

// kstrtoll/kstrtoull narrowed to the type's width (kstrtoint, kstrtou8, ...): the value as
// decimal text in `canonical`.
Parsed parse_integer(std::string_view s, const ElementType& type, std::string& canonical) {
    const bool negative = type.is_signed && !s.empty() && s[0] == '-';
    if (negative)
        s.remove_prefix(1);
    else if (!s.empty() && s[0] == '+')
        s.remove_prefix(1);
    uint64_t magnitude = 0;
    if (const Parsed parsed = parse_magnitude(s, magnitude); parsed != Parsed::Ok)
        return parsed;
    if (negative) {
        const uint64_t limit = static_cast<uint64_t>(-(type.min + 1)) + 1;
        if (magnitude > limit)
            return Parsed::OutOfRange;
        canonical = magnitude == 0 ? "0" : "-" + std::to_string(magnitude);
        return Parsed::Ok;
    }
    if (magnitude > type.max)
        return Parsed::OutOfRange;
    canonical = std::to_string(magnitude);
    return Parsed::Ok;
}

// kstrtobool: only the first one or two characters count.
Parsed parse_bool(std::string_view s, std::string& canonical) {
    const char first = s.empty() ? '\0' : s[0];
    const char second = s.size() > 1 ? static_cast<char>(s[1] | 0x20) : '\0';
    switch (first) {
    case 'y': case 'Y': case 't': case 'T': case '1':
        canonical = "Y";
        return Parsed::Ok;
    case 'n': case 'N': case 'f': case 'F': case '0':
        canonical = "N";
        return Parsed::Ok;
    case 'o': case 'O':
        if (second == 'n' || second == 'f') {
            canonical = second == 'n' ? "Y" : "N";
            return Parsed::Ok;
        }
        return Parsed::Invalid;
    default:
        return Parsed::Invalid;
    }
}

Parsed parse_element(std::string_view s, const ElementType& type, std::string& canonical) {
    switch (type.kind) {
    case Kind::Integer: return parse_integer(s, type, canonical);
    case Kind::Bool: return parse_bool(s, canonical);
    case Kind::Text: break;
    }
    canonical = std::string(s);
    return Parsed::Ok;
}

std::string with_article(const std::string& noun) {
    const bool vowel = noun.find_first_of("aeio") == 0;
    return (vowel ? "an " : "a ") + noun;
}

// What is wrong with one value of `type`: `subject` names it ("'x'", or "element 2, 'x',").
std::string problem(const std::string& subject, const ElementType& type, Parsed parsed,
                    bool in_array) {
    const std::string what = in_array ? with_article(type.name) : "one";
    if (parsed == Parsed::OutOfRange) {
        const std::string min = type.is_signed ? std::to_string(type.min) : "0";
        return subject + " is out of " + (in_array ? with_article(type.name) + "'s" : "its") +
               " range (" + min + " to " + std::to_string(type.max) + ")";
    }
    if (type.kind == Kind::Bool)
        return subject + " is not " + what + " (the kernel takes y, n, t, f, 1, 0, on, off)";
    return subject + " is not " + what;
}

} // namespace

std::string checked_parameter_value(const std::string& name, const std::string& type,
                                    const std::optional<std::string>& value) {
    const bool array = type.compare(0, kArrayOf.size(), kArrayOf) == 0;
    const ElementType* element =
        element_type(array ? std::string_view(type).substr(kArrayOf.size()) : type);
    if (element == nullptr)
        return value.value_or("");
    const std::string declared = name + " is " + with_article(type) + ": ";
    if (!value) {
        if (!array && type == "bool")
            return "Y";
        throw ModuleError(ErrorCode::InvalidArgument,
                          declared + "it needs a value (" + name + "=VALUE)");
    }
    if (!array) {
        std::string canonical;
        const Parsed parsed = parse_element(*value, *element, canonical);
        if (parsed != Parsed::Ok)
            throw ModuleError(ErrorCode::InvalidArgument,
                              declared + problem("'" + *value + "'", *element, parsed, false));
        return canonical;
    }
    // param_array(): every piece between commas is one element, an empty one too.
    std::string canonical;
    size_t start = 0;
    for (size_t index = 1;; ++index) {
        size_t comma = value->find(',', start);
        const bool last = comma == std::string::npos;
        if (last)
            comma = value->size();
        const std::string_view piece = std::string_view(*value).substr(start, comma - start);
        std::string element_value;
        const Parsed parsed = parse_element(piece, *element, element_value);
        if (parsed != Parsed::Ok)
            throw ModuleError(ErrorCode::InvalidArgument,
                              declared + problem("element " + std::to_string(index) + ", '" +
                                                     std::string(piece) + "',",
                                                 *element, parsed, true));
        canonical += (index == 1 ? "" : ",") + element_value;
        if (last)
            return canonical;
        start = comma + 1;
    }
}

bool same_parameter_value(const std::string& name, const std::string& type,
                          const std::optional<std::string>& requested, const std::string& current) {
    const std::string wanted = checked_parameter_value(name, type, requested);
    try {
        return checked_parameter_value(name, type, current) == wanted;
    } catch (const ModuleError&) {
        return current == wanted;
    }
}

} // namespace modmgr
