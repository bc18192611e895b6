#pragma once
// Where the module configuration lives: the modprobe.d directories libkmod reads, the
// modules-load.d directories systemd-modules-load reads, the kernel command line, and the
// two files modmgrd owns. Tests point all of it into a scratch directory (config root).
#include <string>
#include <vector>

namespace modmgr {

struct ConfigLayout {
    // In libkmod's priority order: a file name in an earlier directory hides it later.
    std::vector<std::string> modprobe_paths;
    // In systemd-modules-load's priority order (same hiding rule).
    std::vector<std::string> modules_load_paths;
    // The kernel command line (modprobe.blacklist=, module_blacklist=, NAME.param=,
    // modules_load=); a missing file reads as empty.
    std::string kernel_cmdline;
    // The only files modmgrd ever writes: one per directory, see docs/org.modmgr1.5.scd.
    std::string owned_modprobe_file;
    std::string owned_modules_load_file;

    // The layout of the system under `root` ("" or "/" = this system). `modprobe_paths`
    // overrides the modprobe.d list when not empty (libkmod's config_paths).
    static ConfigLayout under(const std::string& root,
                              const std::vector<std::string>& modprobe_paths = {});
};

} // namespace modmgr
