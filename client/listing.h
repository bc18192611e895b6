#pragma once
// Tabular output as systemctl prints it: a line of column titles, the rows, and legend lines
// after them (a count, a hint). --no-legend drops the titles and the legend, so that a script
// reads rows alone; on a terminal the titles are underlined.
#include <string>
#include <vector>

#include "terminal_style.h"

namespace modmgr {

struct Listing {
    std::string heading;             // the column titles, without a newline; empty: none
    std::string rows;                // the rows, each newline-terminated
    std::vector<std::string> legend; // lines after the rows, without newlines
};

std::string render_listing(const Listing& listing, bool with_legend, const TerminalStyle& style);

} // namespace modmgr
