#pragma once
// The modinfo fields of module files read before, kept while a stat of the file says it is
// unchanged (config_stamp.h): Info asks about the same modules again and again, and reading a
// file's .modinfo and decoding its signature is most of what an Info costs. Bounded; one per
// worker thread, not thread-safe.
#include <cstddef>
#include <map>
#include <string>
#include <utility>

#include "config/config_stamp.h"
#include "info/module_info.h"

namespace modmgr {

class ModinfoCache {
public:
    // Files kept at most; a full cache starts over (the modules callers ask about are few).
    static constexpr size_t kCapacity = 128;

    // The fields kept for the file at `path`, or null when none are kept or it changed since.
    const ModuleInfo* find(const std::string& path) const;
    // Keeps `fields`, read after `stamp` was taken of `path`.
    void keep(const std::string& path, ConfigStamp stamp, ModuleInfo fields);

private:
    std::map<std::string, std::pair<ConfigStamp, ModuleInfo>> kept_;
};

} // namespace modmgr
