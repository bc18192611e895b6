#pragma once
// modprobe.d `install` commands: run through /bin/sh -c like modprobe does, with
// MODPROBE_MODULE=<module> in the environment and stdin from /dev/null.
#include <string>

namespace modmgr {

// Runs `command` (already expanded) for `module` and waits for it. Throws
// ModuleError(Failed) naming the command and its exit status or signal when it does not
// exit 0, or when it cannot be started.
void run_install_command(const std::string& command, const std::string& module);

} // namespace modmgr
