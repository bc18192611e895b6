#include "config/masks.h"

#include <algorithm>

#include "base/module_error.h"
#include "text/string_join.h"

namespace modmgr {

const char kMaskCommand[] = "/bin/false";

namespace {

std::string without_surrounding_blanks(const std::string& text) {
    const size_t first = text.find_first_not_of(" \t");
    if (first == std::string::npos)
        return "";
    return text.substr(first, text.find_last_not_of(" \t") + 1 - first);
}

} // namespace

bool is_mask_command(const std::string& command) {
    static const char* const kMasks[] = {"false", "/bin/false", "/usr/bin/false",
                                         "true",  "/bin/true",  "/usr/bin/true"};
    const std::string word = without_surrounding_blanks(command);
    return std::find(std::begin(kMasks), std::end(kMasks), word) != std::end(kMasks);
}

bool is_managed_mask_command(const std::string& command) {
    return without_surrounding_blanks(command) == kMaskCommand;
}

void refuse_masked(const ConfigIndex& index, const std::vector<std::string>& modules,
                   const std::string& requested) {
    std::vector<std::string> reasons;
    for (const auto& module : modules) {
        const ModuleConfiguration configuration = index.of(module);
        if (!configuration.masked)
            continue;
        std::vector<std::string> places;
        for (const auto& source : configuration.sources)
            if (source.kind == "mask")
                places.push_back(place_of(source));
        reasons.push_back(configuration.name + " is masked by " + join(places, ", "));
    }
    if (!reasons.empty())
        throw ModuleError(ErrorCode::Masked, "cannot load " + requested + ": " + join(reasons, "; "));
}

} // namespace modmgr
