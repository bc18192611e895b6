#pragma once
// Parser for the text of /proc/modules, the kernel's one-read view of every loaded module:
//   "udp_tunnel 32768 1 vxlan, Live 0x0000000000000000"
//   "dummy 16384 0 - Live 0x0000000000000000 (E)"
#include <string>

#include "kernel/loaded_module.h"

namespace modmgr {

// Lines that do not parse are skipped (the format is the kernel's, not user input).
// "[permanent]" in the used-by column sets `permanent`; "-" as refcount gives -1.
Snapshot parse_proc_modules(const std::string& text);

} // namespace modmgr
