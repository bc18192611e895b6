#include "runtime/daemon_options.h"

#include <CLI/CLI.hpp>

#include <cstdlib>

#include "runtime/project_version.h"

namespace modmgr {

std::optional<int> parse_daemon_options(int argc, char** argv, DaemonOptions& options) {
    CLI::App app{"modmgrd - kernel module manager daemon (org.modmgr1 on the system bus)"};
    app.set_version_flag("--version", MODMGR_VERSION);
    app.add_option("--modules-dir", options.kmod.modules_dir,
                   "Module tree to serve (default: /lib/modules/$(uname -r))")
        ->check(CLI::ExistingDirectory);
    app.add_option("--root", options.kmod.config_root,
                   "Read and write the module configuration (etc/modprobe.d, etc/modules-load.d, "
                   "..., proc/cmdline) under this directory instead of /")
        ->check(CLI::ExistingDirectory);
    double polkit_timeout = std::chrono::duration<double>(options.polkit_timeouts.plain).count();
    app.add_option("--polkit-timeout", polkit_timeout,
                   "Seconds to wait for polkitd on a non-interactive check before "
                   "treating it as unavailable")
        ->check(CLI::PositiveNumber);
    if (const char* runtime = std::getenv("RUNTIME_DIRECTORY"))
        options.runtime_dir = runtime;
    app.add_option("--runtime-dir", options.runtime_dir,
                   "Keep the record of a load or unload in progress here, so that after a crash "
                   "the next start says what it left behind (default: $RUNTIME_DIRECTORY, set by "
                   "systemd; none when unset)")
        ->check(CLI::ExistingDirectory);
    app.add_option("--log-level", options.log_level, "trace, debug, info, warn, error")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    options.polkit_timeouts.plain = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::duration<double>(polkit_timeout));
    return std::nullopt;
}

} // namespace modmgr
