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

// A table: the heading's and the rows' cells (each row as many as the heading) in columns
// two blanks apart, each as wide as its widest cell, the last one not padded (no trailing
// blanks); then `legend`.
Listing aligned_listing(const std::vector<std::string>& heading,
                        const std::vector<std::vector<std::string>>& rows,
                        std::vector<std::string> legend);

std::string render_listing(const Listing& listing, bool with_legend, const TerminalStyle& style);

} // namespace modmgr
