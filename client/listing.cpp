#include "listing.h"

#include <algorithm>

namespace modmgr {

namespace {

std::string aligned(const std::vector<std::string>& row, const std::vector<size_t>& widths) {
    std::string text;
    for (size_t column = 0; column + 1 < row.size(); ++column)
        text += row[column] + std::string(widths[column] - row[column].size() + 2, ' ');
    return text + row.back();
}

} // namespace

Listing aligned_listing(const std::vector<std::string>& heading,
                        const std::vector<std::vector<std::string>>& rows,
                        std::vector<std::string> legend) {
    std::vector<size_t> widths;
    for (size_t column = 0; column < heading.size(); ++column) {
        widths.push_back(heading[column].size());
        for (const auto& row : rows)
            widths[column] = std::max(widths[column], row[column].size());
    }
    Listing listing{aligned(heading, widths), "", std::move(legend)};
    for (const auto& row : rows)
        listing.rows += aligned(row, widths) + "\n";
    return listing;
}

std::string render_listing(const Listing& listing, bool with_legend, const TerminalStyle& style) {
    if (!with_legend)
        return listing.rows;
    std::string text;
    if (!listing.heading.empty())
        text += style.paint(listing.heading, Tone::Heading) + "\n";
    text += listing.rows;
    for (const auto& line : listing.legend)
        text += line + "\n";
    return text;
}

} // namespace modmgr
