#pragma once
// Object paths of module objects: wire::kModulePathPrefix + <escaped name>, where every byte
// outside [A-Za-z0-9] becomes _xx (lower-case hex), as sd-bus and udisks escape them.
#include <string>

namespace modmgr {

std::string escape_path_element(const std::string& name);
std::string module_object_path(const std::string& name);

} // namespace modmgr
