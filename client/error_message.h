#pragma once
// Turns a D-Bus error reply into the one line modctl prints and the exit code it ends with.
#include <string>

#include "exit_codes.h"

namespace modmgr {

// The message is folded onto one line (whitespace runs become one space).
CommandFailure failure_from_bus_error(const std::string& error_name, const std::string& message);

} // namespace modmgr
