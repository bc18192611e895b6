#pragma once
// Arguments that name a module FILE rather than a module: modctl opens them itself, with the
// caller's own permissions, and hands the daemon only the descriptor (LoadFile / InfoFile).
#include <string>

#include <sdbus-c++/Types.h>

namespace modmgr {

// True for anything containing '/' or ending in .ko, .ko.xz, .ko.zst or .ko.gz.
bool is_module_file_argument(const std::string& argument);

// Opens a regular file read-only; throws CommandFailure with one readable line otherwise.
sdbus::UnixFd open_module_file(const std::string& path);

} // namespace modmgr
