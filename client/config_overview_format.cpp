#include "config_overview_format.h"

#include "config_format.h"

namespace modmgr {

namespace {

std::vector<std::string> row_of(const ConfigOverviewEntry& entry) {
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

} // namespace

Listing config_overview_listing(const ConfigOverview& overview) {
    if (overview.entries.empty())
        return {"", "", {legend(overview)}};
    std::vector<std::vector<std::string>> rows;
    for (const auto& entry : overview.entries)
        rows.push_back(row_of(entry));
    return aligned_listing({"MODULE", "KIND", "MANAGED", "SOURCE", "TEXT"}, rows,
                           {"", legend(overview)});
}

} // namespace modmgr
