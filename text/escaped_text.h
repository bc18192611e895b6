#pragma once
// Text someone else wrote, made safe to show: modmgrd's log lines carry callers' input, and
// modctl monitor shows other users' option values on a terminal. No control byte or escape
// sequence may pass raw, and no newline may start a forged log record.
#include <cstdio>
#include <string>

namespace modmgr {

// `text` as a log line or a terminal may carry it, whoever wrote it: printable ASCII as is,
// '"' and '\' escaped, every other byte as \xNN, and at most `max_shown` bytes of it, then
// "..." and its full size.
inline std::string escaped_for_log(const std::string& text, size_t max_shown) {
    std::string out;
    size_t shown = 0;
    for (unsigned char c : text) {
        if (shown == max_shown) {
            out += "...(" + std::to_string(text.size()) + " bytes)";
            break;
        }
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c >= 0x20 && c <= 0x7e) {
            out += static_cast<char>(c);
        } else {
            char escaped[5];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
            out += escaped;
        }
        ++shown;
    }
    return out;
}

} // namespace modmgr
