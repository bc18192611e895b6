#pragma once
// Kernel errors as people read them: "EKEYREJECTED: the kernel rejected the module's signature".
#include <string>

#include "base/module_error.h"

namespace modmgr {

// "EPERM", "ENOEXEC", ... ("E<number>" for unknown values).
std::string errno_name(int errnum);

// The failure of init_module/finit_module for `module`, as a typed error with the errno name
// and a sentence saying what the kernel meant (e.g. ENOENT: unknown symbol or parameter).
ModuleError insert_error(const std::string& module, int errnum);
// The failure of delete_module for `module` (EWOULDBLOCK -> InUse, ENOENT -> NotLoaded, ...).
ModuleError remove_error(const std::string& module, int errnum);

} // namespace modmgr
