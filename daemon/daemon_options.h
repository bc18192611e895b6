#pragma once
// modmgrd's command line.
#include <optional>
#include <string>
#include <vector>

#include "kmod_context.h"
#include "polkit_authority.h"

namespace modmgr {

struct DaemonOptions {
    KmodSettings kmod;
    // TEST DOUBLE: simulate the kernel in this state file instead of loading anything.
    std::string simulated_kernel;
    PolkitTimeouts polkit_timeouts;
    // Where records of kernel changes in progress are kept (OperationRecords); "" for none.
    // Under systemd: $RUNTIME_DIRECTORY (RuntimeDirectory=modmgrd).
    std::string runtime_dir;
    std::string log_level = "info";
};

// Parses argv; prints help/version or a usage error and returns the exit code to use
// when the daemon should not start.
std::optional<int> parse_daemon_options(int argc, char** argv, DaemonOptions& options);

} // namespace modmgr
