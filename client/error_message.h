#pragma once
// Turns a D-Bus error reply into the one line modctl prints and the exit code it ends with.
#include <string>
#include <string_view>
#include <vector>

#include "exit_codes.h"
#include "text_output.h"

namespace modmgr {

// The message is folded onto one line (whitespace runs become one space).
CommandFailure failure_from_bus_error(const std::string& error_name, const std::string& message);

// Inside a catch block for a std::exception: the failure it stands for (modctl's own, the
// daemon's or the bus's, or any other).
CommandFailure current_failure();

// Prints an error's line ("modctl: ..."), without its newline, on `messages`: red on a terminal.
void report_error_line(std::string_view line, TextOutput& messages);

// Prints `failure` as modctl's one line on `messages`, after what `out` holds so far.
void report_failure(const CommandFailure& failure, TextOutput& out, TextOutput& messages);

// The same for a Load of `module` (as the user named it) with `parameters`, saying what to type
// where the daemon's message names no way round: --ignore-blacklist for a blacklisted module,
// and how to apply parameters a loaded module did not take.
CommandFailure load_failure_from_bus_error(const std::string& error_name, const std::string& message,
                                           const std::string& module,
                                           const std::vector<std::string>& parameters);

} // namespace modmgr
