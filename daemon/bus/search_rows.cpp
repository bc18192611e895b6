#include "bus/search_rows.h"

namespace modmgr {

std::tuple<std::vector<wire::SearchMatchRow>, bool> search_rows(const SearchResult& result) {
    std::vector<wire::SearchMatchRow> rows;
    rows.reserve(result.matches.size());
    for (const auto& match : result.matches)
        rows.emplace_back(match.name, match.match, match.matched_text, match.description, match.builtin);
    return {std::move(rows), result.truncated};
}

} // namespace modmgr
