#include "bus/object_path.h"

#include "wire_contract.h"

namespace modmgr {

std::string escape_path_element(const std::string& name) {
    static const char hex[] = "0123456789abcdef";
    if (name.empty())
        return "_";
    std::string out;
    for (unsigned char c : name) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            out += static_cast<char>(c);
        } else {
            out += '_';
            out += hex[c >> 4];
            out += hex[c & 0xf];
        }
    }
    return out;
}

std::string module_object_path(const std::string& name) {
    return wire::kModulePathPrefix + escape_path_element(name);
}

} // namespace modmgr
