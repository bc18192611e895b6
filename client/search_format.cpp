#include "search_format.h"

#include <cstdio>

#include "wire_contract.h"

namespace modmgr {

namespace {

// A description as one table cell: a module's text may hold several lines (one per repeated
// description), and neither a control character nor an escape sequence may reach the terminal
// raw; other UTF-8 is shown as it is.
std::string one_line(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const bool c1 = c == 0xC2 && i + 1 < text.size() &&
                        static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                        static_cast<unsigned char>(text[i + 1]) <= 0x9F;
        if (c == '\n') {
            out += " / ";
        } else if (c < 0x20 || c == 0x7f || c1) {
            char escaped[5];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", c1 ? static_cast<unsigned char>(text[++i]) : c);
            out += escaped;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string match_of(const SearchMatchEntry& match) {
    if (match.match == wire::search_match::kAlias)
        return match.match + " " + one_line(match.matched_text);
    return match.match;
}

std::string legend(const SearchReply& reply) {
    const size_t count = reply.matches.size();
    if (count == 0)
        return "No module matches.";
    return std::to_string(count) + (count == 1 ? " module" : " modules") +
           (reply.truncated ? " shown." : " found.");
}

} // namespace

Listing search_listing(const SearchReply& reply) {
    if (reply.matches.empty())
        return {"", "", {legend(reply)}};
    std::vector<std::vector<std::string>> rows;
    for (const auto& match : reply.matches)
        rows.push_back({match.name + (match.builtin ? " (builtin)" : ""), match_of(match),
                        match.description.empty() ? "-" : one_line(match.description)});
    return aligned_listing({"NAME", "MATCH", "DESCRIPTION"}, rows, {"", legend(reply)});
}

std::string search_truncation_notice(const SearchReply& reply) {
    if (!reply.truncated)
        return "";
    return "modctl: more modules match than the " + std::to_string(reply.matches.size()) +
           " shown; a longer query finds fewer\n";
}

nlohmann::json search_json(const SearchReply& reply) {
    nlohmann::json matches = nlohmann::json::array();
    for (const auto& match : reply.matches)
        matches.push_back({{"name", match.name},
                           {"match", match.match},
                           {"matched_text", match.matched_text},
                           {"description", match.description},
                           {"builtin", match.builtin}});
    return {{"matches", matches}, {"truncated", reply.truncated}};
}

} // namespace modmgr
