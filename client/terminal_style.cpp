#include "terminal_style.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace modmgr {

namespace {

bool set(const char* value) {
    return value && *value;
}

// "utf8" and "UTF-8" in any case, as glibc's normalized and written codeset names.
bool names_utf8(std::string_view locale) {
    const auto dot = locale.find('.');
    if (dot == std::string_view::npos)
        return false;
    std::string codeset;
    for (const char c : locale.substr(dot + 1, locale.find('@') - dot - 1))
        if (c != '-')
            codeset += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return codeset == "utf8";
}

} // namespace

bool colour_enabled(bool is_terminal, const char* term, const char* no_color) {
    return is_terminal && set(term) && std::strcmp(term, "dumb") != 0 && !set(no_color);
}

bool locale_is_utf8(const char* lc_all, const char* lc_ctype, const char* lang) {
    for (const char* value : {lc_all, lc_ctype, lang})
        if (set(value))
            return names_utf8(value);
    return false;
}

std::string TerminalStyle::paint(std::string_view text, Tone tone) const {
    if (!colour_)
        return std::string(text);
    const char* start = "";
    switch (tone) {
    case Tone::Heading:
        start = "\x1b[4m";
        break;
    case Tone::Error:
        start = "\x1b[1;31m";
        break;
    case Tone::Warning:
        start = "\x1b[1;33m";
        break;
    case Tone::Active:
        start = "\x1b[1;32m";
        break;
    }
    return std::string(start).append(text).append("\x1b[0m");
}

TerminalStyle terminal_style_for(int fd) {
    return {colour_enabled(::isatty(fd) == 1, std::getenv("TERM"), std::getenv("NO_COLOR")),
            locale_is_utf8(std::getenv("LC_ALL"), std::getenv("LC_CTYPE"), std::getenv("LANG"))};
}

} // namespace modmgr
