#pragma once
// modmgrd's command line.
#include <optional>
#include <string>
#include <vector>

#include "authorization/polkit_authority.h"
#include "lookup/kmod_context.h"

namespace modmgr {

struct DaemonOptions {
    KmodSettings kmod;
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
