#pragma once
// Manager.SearchModules' answer (a(ssssb) matches, b truncated), named.
#include <string>
#include <vector>

namespace modmgr {

struct SearchMatchEntry {
    std::string name;
    std::string match;        // "name", "alias" or "description"
    std::string matched_text; // the alias pattern or the description; "" for a name
    std::string description;
    bool builtin = false;
};

struct SearchReply {
    std::vector<SearchMatchEntry> matches;
    bool truncated = false;
};

} // namespace modmgr
