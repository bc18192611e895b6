#pragma once
// "a, b, c" from {a, b, c}: error messages, modinfo values and polkit details all need it.
#include <string>
#include <vector>

namespace modmgr {

inline std::string join(const std::vector<std::string>& items, const std::string& separator) {
    std::string joined;
    for (const auto& item : items) {
        if (!joined.empty())
            joined += separator;
        joined += item;
    }
    return joined;
}

} // namespace modmgr
