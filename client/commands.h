#pragma once
// Runs one parsed modctl command against modmgrd and prints its result (text or JSON); monitor
// prints until SIGINT or SIGTERM, its notices on stderr.
// Failures are thrown: CommandFailure for modctl's own, BusError for the daemon's and the bus's.

#include "command_line.h"
#include "exit_codes.h"
#include "terminal_style.h"
#include "text_output.h"

namespace modmgr {

// Messages beside the output (load's warnings, monitor's notices, "waiting for modmgrd" on a
// terminal) go to `messages`. With several modules each failure is reported there as it
// happens, and the first one's exit code is returned; otherwise ExitCode::Ok. `style` is that of
// `out`.
ExitCode run_command(const CommandLine& line, bool stdin_is_terminal, bool stderr_is_terminal,
                     const TerminalStyle& style, TextOutput& out, TextOutput& messages);

} // namespace modmgr
