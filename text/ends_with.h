#pragma once
// Whether `text` ends in `suffix`: file names (.conf, .ko.xz) are told apart by it. (C++17
// has no std::string::ends_with yet.)
#include <string>

namespace modmgr {

inline bool ends_with(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace modmgr
