#pragma once
// `modctl status` (and bare `modctl`), like hostnamectl: what the kernel says about loading
// modules and what modmgrd's own files configure, one "Label: value" line each, the labels
// aligned to the right:
//           modmgrd: 1.4.0
//    Kernel release: 6.1.0-18-amd64
//    Loaded modules: 42
//           Tainted: G O E (12288)
//    Module loading: enabled
//        Signatures: not enforced
//          Lockdown: none
//   modmgrd's files: 2 blacklisted, 1 masked, 1 with options, 3 loaded at boot
//     Configuration: 57 entries in effect
#include <cstddef>
#include <cstdint>
#include <string>

#include "config_overview.h"

namespace modmgr {

// How many modules modmgrd's own files blacklist, mask, give options and load at boot, and how
// many lines are in effect in all (from ListConfiguration).
struct ConfigCounts {
    size_t blacklisted = 0; // and not masked
    size_t masked = 0;
    size_t options = 0;
    size_t load_at_boot = 0;
    size_t entries = 0;
    bool truncated = false; // the counts are lower bounds
};

ConfigCounts count_configuration(const ConfigOverview& overview);

// Everything `modctl status` shows: the Manager's properties, GetKernelStatus and the counts.
struct SystemStatus {
    std::string version; // modmgrd's
    std::string kernel_release;
    uint64_t loaded_count = 0;
    uint64_t tainted = 0;
    bool modules_disabled = false;
    bool signatures_enforced = false;
    std::string lockdown; // "" when the kernel shows none
    ConfigCounts counts;
};

std::string format_status(const SystemStatus& status);

} // namespace modmgr
