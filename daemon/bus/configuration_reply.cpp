#include "bus/configuration_reply.h"

namespace modmgr {

ModuleInfo configuration_fields(const ModuleConfiguration& configuration) {
    return ModuleInfo{{"name", configuration.name},
                      {"blacklisted", configuration.blacklisted},
                      {"masked", configuration.masked},
                      {"options", configuration.options},
                      {"load_at_boot", configuration.load_at_boot},
                      {"config_sources", configuration.sources}};
}

std::tuple<std::vector<wire::ConfigEntryRow>, bool> configuration_entries(
    const ConfigurationListing& listing) {
    std::vector<wire::ConfigEntryRow> rows;
    rows.reserve(listing.entries.size());
    for (const auto& [module, source] : listing.entries)
        rows.emplace_back(module, source.kind, source.file, source.line, source.text, source.managed);
    return {std::move(rows), listing.truncated};
}

} // namespace modmgr
