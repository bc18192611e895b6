#pragma once
// The commands for modmgrd's persistent configuration: blacklist, unblacklist, mask, unmask, options,
// enable and disable (with --now, then load or unload, like `systemctl enable --now`), and
// config, which shows it. Failures are thrown like run_command's.

#include "command_line.h"
#include "manager_client.h"
#include "text_output.h"

namespace modmgr {

// `line.command` is one that changes_configuration().
void run_configuration_change(ManagerClient& client, const CommandLine& line, TextOutput& out,
                              TextOutput& messages);

void run_show_configuration(ManagerClient& client, const CommandLine& line, TextOutput& out);

} // namespace modmgr
