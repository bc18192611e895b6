#pragma once
// `modctl __complete WORD...`, what the shell completions run on each TAB: the engine
// (completion.h) over this machine's lists. Module names come from files (/proc/modules and
// modules.dep of the running kernel): no D-Bus call, no polkit check, however often TAB is
// pressed. Only what no file says comes from modmgrd, one call each: a module's declared
// parameters and modmgrd's own blacklist. With -H the files are still this machine's, and
// nothing is asked of the remote modmgrd (each TAB would be an ssh round trip).
//
// Devices come from /sys/bus, also a file tree, not from ListDevices.
//
// Test hooks (for machines without module support): MODCTL_COMPLETION_PROC_MODULES,
// MODCTL_COMPLETION_MODULES_DIR and MODCTL_COMPLETION_SYS_BUS replace /proc/modules,
// /lib/modules/$(uname -r) and /sys/bus.
#include <string>
#include <vector>

#include "text_output.h"

namespace modmgr {

// The hidden command's name: not in the help, never a module.
inline constexpr char kCompleteCommand[] = "__complete";

// Prints format_completion() of `words`; a list that cannot be read is left out.
void run_completion(const std::vector<std::string>& words, TextOutput& out);

} // namespace modmgr
