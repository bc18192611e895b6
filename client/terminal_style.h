#pragma once
// What modctl's output looks like on a terminal: colour (or none) and the tree's glyphs (or
// their ASCII forms). The one place that decides, from the environment, and holds the escape
// sequences; formatters take a TerminalStyle and stay plain text in tests and pipes.
#include <string>
#include <string_view>

namespace modmgr {

enum class Tone {
    // A table's column titles: underlined, as systemctl's.
    Heading,
    // "modctl: ..." errors on stderr.
    Error,
    // "modctl: warning: ..." and what is in transition (a module coming or going).
    Warning,
    // What is present: a loaded module's mark in the tree.
    Active,
};

// Colour only where a person reads it: `is_terminal` (the stream written to), TERM set and not
// "dumb", and NO_COLOR unset or empty (https://no-color.org: any non-empty value disables it).
// The variables are passed in (nullptr: unset), so that the decision is testable.
bool colour_enabled(bool is_terminal, const char* term, const char* no_color);

// Whether the locale's character set is UTF-8, from LC_ALL, else LC_CTYPE, else LANG (the first
// set and non-empty), as setlocale(3) would pick it; without one the "C" locale is ASCII.
// Read from the environment rather than through setlocale(3): modctl builds no locale.
bool locale_is_utf8(const char* lc_all, const char* lc_ctype, const char* lang);

class TerminalStyle {
public:
    TerminalStyle() = default;
    TerminalStyle(bool colour, bool utf8) : colour_(colour), utf8_(utf8) {}

    // `text` in that tone's colour, or as it is without colour.
    std::string paint(std::string_view text, Tone tone) const;
    // The UTF-8 glyph, or the ASCII one when the locale cannot show it.
    std::string_view glyph(std::string_view utf8, std::string_view ascii) const {
        return utf8_ ? utf8 : ascii;
    }

private:
    bool colour_ = false;
    bool utf8_ = false;
};

// The style for a file descriptor, from this process's environment.
TerminalStyle terminal_style_for(int fd);

} // namespace modmgr
