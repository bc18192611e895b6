#pragma once
// `modctl search QUERY`: a table of the modules found (NAME, with "(builtin)" for a module built
// into the kernel; MATCH, how it matched, with the alias pattern for an alias; DESCRIPTION), the
// notice printed on stderr when modmgrd had more matches than it answers with, and the same as
// JSON (modctl-search.schema.json).
#include <nlohmann/json.hpp>

#include <string>

#include "listing.h"
#include "search_list.h"

namespace modmgr {

Listing search_listing(const SearchReply& reply);

// "" unless the answer was cut short.
std::string search_truncation_notice(const SearchReply& reply);

nlohmann::json search_json(const SearchReply& reply);

} // namespace modmgr
