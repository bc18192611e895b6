#pragma once
// `modctl monitor [MODULE...]`: prints every ModulesChanged and ConfigSettingChanged signal of
// modmgrd as it arrives (those of the named modules only, when some are), until SIGINT or
// SIGTERM. It outlives modmgrd (a restart, a crash) and the bus
// connection itself: the former it waits for (NameOwnerChanged), the latter it re-establishes
// with backoff; both are noted on `notices`.
#include "command_line.h"
#include "text_output.h"

namespace modmgr {

// Returns when a termination signal arrives. Throws CommandFailure or BusError when the
// daemon cannot be reached at the start, CommandFailure when `out` fails or a MODULE cannot be
// a module's name (usage).
void run_monitor(const CommandLine& line, TextOutput& out, TextOutput& notices);

} // namespace modmgr
