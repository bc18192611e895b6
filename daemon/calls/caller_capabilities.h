#pragma once
// Whether a calling process may load kernel modules itself: uid 0 alone does not say so. A
// root process can run without CAP_SYS_MODULE (a service with ProtectKernelModules=, a
// container given the bus socket); modmgrd must not load modules for it. The bus daemon
// (dbus 1.14) tells uid and pid, not capabilities, so they are read from /proc/PID/status,
// as sd-bus does for its own credential checks, and the process is then checked to be still
// the same one through a pidfd.
#include <cstdint>
#include <optional>
#include <string>

namespace modmgr {

// The capability sets of a /proc/PID/status text ("CapEff:\t000001ffffffffff").
struct ProcessCapabilities {
    uint64_t effective = 0;
    uint32_t effective_uid = 0; // the second field of "Uid:"
};
std::optional<ProcessCapabilities> parse_process_status(const std::string& status);

// True when process `pid` has capability `capability` (e.g. CAP_SYS_MODULE) in its effective
// set and effective uid 0. False when it has not, when it is gone, or when it cannot be read.
bool process_has_capability(uint32_t pid, int capability);

} // namespace modmgr
