#include "devices/device_candidates.h"

#include <algorithm>

#include "base/input_validation.h"
#include "base/module_error.h"
#include "lookup/module_resolution.h"

namespace modmgr {

std::vector<DeviceCandidate> candidates_for(kmod_ctx* ctx, const std::string& modalias) {
    try {
        validate_module_name(modalias);
    } catch (const ModuleError&) {
        return {};
    }
    const Lookup lookup = lookup_modules(ctx, modalias);
    std::vector<DeviceCandidate> candidates;
    for (const auto& match : lookup.matches) {
        if (candidates.size() == kMaxCandidates)
            break;
        const bool allowed =
            std::any_of(lookup.not_blacklisted.begin(), lookup.not_blacklisted.end(),
                        [&](const KmodModulePtr& kept) { return kept.get() == match.get(); });
        candidates.push_back({kmod_module_get_name(match.get()), !allowed, false});
    }
    return candidates;
}

} // namespace modmgr
