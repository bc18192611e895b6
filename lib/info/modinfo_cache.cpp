#include "info/modinfo_cache.h"

namespace modmgr {

const ModuleInfo* ModinfoCache::find(const std::string& path) const {
    const auto it = kept_.find(path);
    if (it == kept_.end() || !it->second.first.current())
        return nullptr;
    return &it->second.second;
}

void ModinfoCache::keep(const std::string& path, ConfigStamp stamp, ModuleInfo fields) {
    if (kept_.size() >= kCapacity && !kept_.count(path))
        kept_.clear();
    kept_[path] = {std::move(stamp), std::move(fields)};
}

} // namespace modmgr
