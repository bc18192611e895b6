#include "lsmod_format.h"

#include <cinttypes>
#include <cstdio>

namespace modmgr {

namespace {

// lsmod prints "%-19s %8ld  %d": the name takes at least this many columns.
constexpr size_t kNameWidth = 19;

} // namespace

Listing lsmod_listing(const std::vector<ModuleListEntry>& modules, const TerminalStyle& style) {
    Listing listing{"Module                  Size  Used by", {}, {}};
    std::string& text = listing.rows;
    for (const auto& module : modules) {
        // Padded apart from the name, so that a highlight's escape codes take no columns.
        text += module.state == "live" ? module.name : style.paint(module.name, Tone::Warning);
        if (module.name.size() < kNameWidth)
            text.append(kNameWidth - module.name.size(), ' ');
        // A module without a reference count shows "-" where lsmod prints the count.
        const std::string used = module.refcount < 0 ? "-" : std::to_string(module.refcount);
        char columns[64];
        std::snprintf(columns, sizeof columns, " %8" PRIu64 "  %s", module.size, used.c_str());
        text += columns;
        char separator = ' ';
        for (const auto& holder : module.holders) {
            text += separator;
            text += holder;
            separator = ',';
        }
        text += '\n';
    }
    return listing;
}

} // namespace modmgr
