#pragma once
// The commands for modmgrd's persistent configuration: blacklist, unblacklist, options,
// enable and disable (with --now, then load or unload, like `systemctl enable --now`), and
// config, which shows it. Failures are thrown like run_command's.
#include <ostream>

#include "command_line.h"
#include "manager_client.h"

namespace modmgr {

// `line.command` is one that changes_configuration().
void run_configuration_change(ManagerClient& client, const CommandLine& line, std::ostream& out);

void run_show_configuration(ManagerClient& client, const CommandLine& line, std::ostream& out);

} // namespace modmgr
