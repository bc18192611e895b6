#include "bus/configuration_reply.h"

#include "bus/info_reply.h"

namespace modmgr {

std::map<std::string, sdbus::Variant> to_variant_map(const ModuleConfiguration& configuration) {
    // The same conversion as Info's, so "sources" and Info's "config_sources" have one type.
    return to_variant_map(ModuleInfo{{"name", configuration.name},
                                     {"blacklisted", configuration.blacklisted},
                                     {"options", configuration.options},
                                     {"load_at_boot", configuration.load_at_boot},
                                     {"sources", configuration.sources}});
}

} // namespace modmgr
