#pragma once
// Arguments that name a module FILE rather than a module (wire::names_a_module_file): modctl
// opens them itself, with the caller's own permissions, and hands the daemon only the
// descriptor (LoadFile / InfoFile).
#include <string>

#include "owned_fd.h"

namespace modmgr {

// Opens a regular file read-only that starts as a module does (ELF, or compressed); throws
// CommandFailure with one readable line otherwise.
OwnedFd open_module_file(const std::string& path);

} // namespace modmgr
