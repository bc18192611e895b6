#pragma once
// The commands that look at the whole system rather than one module: status (also bare
// `modctl`, as hostnamectl), and config without a module, which lists every blacklist,
// options and load-at-boot line in effect. Everything comes from modmgrd, so both work with
// --host. Failures are thrown like run_command's.

#include "command_line.h"
#include "manager_client.h"
#include "terminal_style.h"
#include "text_output.h"

namespace modmgr {

void run_status(ManagerClient& client, const CommandLine& line, TextOutput& out);

void run_config_overview(ManagerClient& client, const CommandLine& line, const TerminalStyle& style,
                         TextOutput& out);

} // namespace modmgr
