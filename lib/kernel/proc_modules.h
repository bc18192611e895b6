#pragma once
// Parser for the text of /proc/modules, the kernel's one-read view of every loaded module:
//   "udp_tunnel 32768 1 vxlan, Live 0x0000000000000000"
//   "dummy 16384 0 - Live 0x0000000000000000 (E)"
#include <optional>
#include <string_view>

#include "kernel/loaded_module.h"

namespace modmgr {

// Lines that do not parse are skipped (the format is the kernel's, not user input).
// "[permanent]" in the used-by column sets `permanent`; "-" as refcount gives -1; the
// parenthesized column gives `taint` (not `signature_verified`: that needs the kernel's
// configuration, which SysKernel knows).
Snapshot parse_proc_modules(std::string_view text);

// The module `name` alone, as parse_proc_modules would list it (its first line that parses);
// nullopt when none does. Only that line is parsed: a question about one module costs no
// allocation per loaded module.
std::optional<LoadedModule> find_in_proc_modules(std::string_view text, std::string_view name);

} // namespace modmgr
