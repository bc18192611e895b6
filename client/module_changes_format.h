#pragma once
// What load and unload (and enable/disable --now) print: one line per module inserted or
// removed, in order ("inserted vxlan", "would remove vxlan" with --dry-run); nothing when
// there was nothing to do. Load's warnings go to stderr, one "modctl: warning: ..." line each.
#include <string>
#include <vector>

namespace modmgr {

std::string format_inserted(const std::vector<std::string>& modules, bool dry_run);
std::string format_removed(const std::vector<std::string>& modules, bool dry_run);
std::string format_warnings(const std::vector<std::string>& warnings);

} // namespace modmgr
