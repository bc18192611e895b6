#pragma once
// `modctl list` as text, in lsmod's exact format so existing habits and scripts keep working.
#include <string>
#include <vector>

#include "module_list.h"

namespace modmgr {

std::string format_lsmod(const std::vector<ModuleListEntry>& modules);

} // namespace modmgr
