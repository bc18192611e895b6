#pragma once
// "Did you mean ...?" for a mistyped command.
#include <string>
#include <vector>

namespace modmgr {

// The name of `names` closest to `typed` by edit distance (insertions, deletions,
// substitutions and swaps of two neighbours), if it is close enough to be a typo: at most two
// edits, and fewer than half of what was typed. Empty otherwise.
std::string closest_name(const std::string& typed, const std::vector<std::string>& names);

} // namespace modmgr
