#pragma once
// UTF-8 as the bus takes it: sd-bus refuses a string that is not valid UTF-8 (overlong forms,
// surrogates and code points past U+10FFFF included), so modmgrd checks what a caller sends
// and mends what it reads from files before either goes on the bus.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace modmgr {

// The length of the valid UTF-8 character at the start of `text` and its code point, or 0
// when none starts there.
inline size_t utf8_character(std::string_view text, uint32_t& code_point) {
    if (text.empty())
        return 0;
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char first = byte(0);
    if (first < 0x80) {
        code_point = first;
        return 1;
    }
    size_t length = 0;
    uint32_t minimum = 0;
    if ((first & 0xE0) == 0xC0) {
        length = 2;
        minimum = 0x80;
        code_point = first & 0x1F;
    } else if ((first & 0xF0) == 0xE0) {
        length = 3;
        minimum = 0x800;
        code_point = first & 0x0F;
    } else if ((first & 0xF8) == 0xF0) {
        length = 4;
        minimum = 0x10000;
        code_point = first & 0x07;
    } else {
        return 0;
    }
    if (text.size() < length)
        return 0;
    for (size_t i = 1; i < length; ++i) {
        if ((byte(i) & 0xC0) != 0x80)
            return 0;
        code_point = (code_point << 6) | (byte(i) & 0x3F);
    }
    if (code_point < minimum || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF))
        return 0;
    return length;
}

inline bool is_valid_utf8(std::string_view text) {
    uint32_t code_point = 0;
    for (size_t at = 0; at < text.size();) {
        const size_t length = utf8_character(text.substr(at), code_point);
        if (length == 0)
            return false;
        at += length;
    }
    return true;
}

// `text` with every byte that starts no valid character replaced by U+FFFD, cut to at most
// `max_size` bytes between two characters.
inline std::string mended_utf8(std::string_view text, size_t max_size) {
    static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
    std::string out;
    uint32_t code_point = 0;
    for (size_t at = 0; at < text.size();) {
        const size_t length = utf8_character(text.substr(at), code_point);
        const std::string_view piece = length ? text.substr(at, length) : kReplacement;
        if (out.size() + piece.size() > max_size)
            break;
        out += piece;
        at += length ? length : 1;
    }
    return out;
}

} // namespace modmgr
