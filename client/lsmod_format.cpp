#include "lsmod_format.h"

#include <cinttypes>
#include <cstdio>

namespace modmgr {

std::string format_lsmod(const std::vector<ModuleListEntry>& modules) {
    std::string text = "Module                  Size  Used by\n";
    for (const auto& module : modules) {
        // lsmod prints "%-19s %8ld  %d"; a module without a reference count shows "-" there.
        const std::string used =
            module.refcount < 0 ? "-" : std::to_string(module.refcount);
        char row[512];
        std::snprintf(row, sizeof row, "%-19s %8" PRIu64 "  %s", module.name.c_str(), module.size,
                      used.c_str());
        text += row;
        char separator = ' ';
        for (const auto& holder : module.holders) {
            text += separator;
            text += holder;
            separator = ',';
        }
        text += '\n';
    }
    return text;
}

} // namespace modmgr
