#pragma once
// What masks a module: an `install NAME COMMAND` line of modprobe.d whose command only
// succeeds or fails (/bin/false, /bin/true), the administrators' way to keep a module from
// ever loading (kmod has no other). kmod 30 runs a module's install command instead of
// inserting it wherever a probe list reaches it: asked for by name, as a dependency of
// another module, and for an alias (the kernel's request_module runs `modprobe -q ALIAS`).
// /bin/false fails each of those loads; /bin/true makes modprobe report success with
// nothing inserted, and a module depending on it then fails in the kernel: both keep the
// module out. kmod 30 ignores the install command of a module that has a softdep; modmgrd
// refuses every load of a masked module (Masked) whatever kmod would do.
#include <string>
#include <vector>

#include "config/config_index.h"

namespace modmgr {

// The command modmgrd writes after `install NAME`: a load fails, and says so.
extern const char kMaskCommand[];

// Whether an install line's command (the words after the module's name) is a mask: one
// word, false or true, bare (found on PATH by the shell) or in /bin or /usr/bin.
bool is_mask_command(const std::string& command);
// Whether it is the one modmgrd writes (kMaskCommand), blanks around it aside.
bool is_managed_mask_command(const std::string& command);

// Refuses (ModuleError Masked) a load of `requested` that would reach any of `modules`
// (its targets, dependencies and softdeps, as the load plan lists them) while one of them is
// masked in `index`: the message names each masked module and every file:line masking it.
void refuse_masked(const ConfigIndex& index, const std::vector<std::string>& modules,
                   const std::string& requested);

} // namespace modmgr
