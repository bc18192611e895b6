#include "config_overview_format.h"

#include <algorithm>
#include <array>

#include "config_format.h"

namespace modmgr {

namespace {

constexpr size_t kColumns = 5;
using Row = std::array<std::string, kColumns>;

Row row_of(const ConfigOverviewEntry& entry) {
    const ConfigSourceEntry& source = entry.source;
    return {std::string(entry.name), std::string(source.kind), source.managed ? "yes" : "no",
            location_of(source), std::string(source.text)};
}

std::string legend(const ConfigOverview& overview) {
    const size_t count = overview.entries.size();
    std::string text = std::to_string(count) + (count == 1 ? " entry" : " entries") + " listed";
    if (overview.truncated)
        text += " (modmgrd cut its answer short: more lines are in effect)";
    return text + ".";
}

// The row's cells padded to `widths`, the last one not: no trailing blanks.
std::string aligned(const Row& row, const std::array<size_t, kColumns>& widths) {
    std::string text;
    for (size_t column = 0; column + 1 < kColumns; ++column)
        text += row[column] + std::string(widths[column] - row[column].size() + 2, ' ');
    return text + row[kColumns - 1];
}

} // namespace

Listing config_overview_listing(const ConfigOverview& overview) {
    if (overview.entries.empty())
        return {"", "", {legend(overview)}};
    const Row heading{"MODULE", "KIND", "MANAGED", "SOURCE", "TEXT"};
    std::vector<Row> rows;
    for (const auto& entry : overview.entries)
        rows.push_back(row_of(entry));
    std::array<size_t, kColumns> widths{};
    for (size_t column = 0; column < kColumns; ++column) {
        widths[column] = heading[column].size();
        for (const auto& row : rows)
            widths[column] = std::max(widths[column], row[column].size());
    }
    Listing listing{aligned(heading, widths), "", {"", legend(overview)}};
    for (const auto& row : rows)
        listing.rows += aligned(row, widths) + "\n";
    return listing;
}

} // namespace modmgr
