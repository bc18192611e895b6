#pragma once
// What blacklist, unblacklist, options, enable and disable tell the user: what changed
// ("blacklisted dummy"), that nothing needed to ("dummy was already blacklisted"), or with
// --dry-run what would change ("would blacklist dummy").
#include <string>

#include "command_line.h"
#include "exit_codes.h"

namespace modmgr {

// `changed` is the Set* method's reply. `line.command` must be one that
// changes_configuration().
std::string config_change_message(const CommandLine& line, bool changed);

// enable/disable --now when the configuration took effect but loading/unloading did not: the
// second step's exit code, and a message that says both.
CommandFailure failure_after_config_change(const CommandLine& line, bool changed,
                                           const CommandFailure& second_step);

} // namespace modmgr
