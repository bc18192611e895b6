#include "bus/configuration_reply.h"

namespace modmgr {

ModuleInfo configuration_fields(const ModuleConfiguration& configuration) {
    return ModuleInfo{{"name", configuration.name},
                      {"blacklisted", configuration.blacklisted},
                      {"options", configuration.options},
                      {"load_at_boot", configuration.load_at_boot},
                      {"config_sources", configuration.sources}};
}

} // namespace modmgr
