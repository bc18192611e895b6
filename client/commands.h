#pragma once
// Runs one parsed modctl command against modmgrd and prints its result (text or JSON); monitor
// prints until SIGINT or SIGTERM, its notices on stderr.
// Failures are thrown: CommandFailure for modctl's own, BusError for the daemon's and the bus's.
#include <ostream>

#include "command_line.h"

namespace modmgr {

void run_command(const CommandLine& line, bool stdin_is_terminal, std::ostream& out);

} // namespace modmgr
