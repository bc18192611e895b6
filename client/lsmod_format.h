#pragma once
// `modctl list` as text, in lsmod's exact format so existing habits and scripts keep working:
// the heading "Module Size Used by" and one row per module. On a terminal a module coming or
// going (which lsmod does not show) has its name highlighted.
#include <vector>

#include "listing.h"
#include "module_list.h"
#include "terminal_style.h"

namespace modmgr {

Listing lsmod_listing(const std::vector<ModuleListEntry>& modules, const TerminalStyle& style);

} // namespace modmgr
