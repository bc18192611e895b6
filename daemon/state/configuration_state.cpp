#include "state/configuration_state.h"

#include <spdlog/spdlog.h>

#include <set>
#include <utility>

namespace modmgr {

ConfigurationState::ConfigurationState(ConfigLayout layout, Scheduler& loop,
                                       ConfigChanged config_changed)
    : layout_(std::move(layout)), loop_(loop), config_changed_(std::move(config_changed)) {
    announce_changes();
}

void ConfigurationState::announce_changes() {
    ConfigIndex now;
    try {
        now = ConfigIndex::read(layout_);
    } catch (const std::exception& e) {
        spdlog::error("cannot read the module configuration: {}", e.what());
        return;
    }
    std::set<std::string> changed;
    if (last_good_)
        changed = last_good_->changed_modules(now);
    last_good_ = std::move(now);
    if (!changed.empty())
        loop_.post([this, changed] {
            for (const auto& module : changed)
                config_changed_(module);
        });
}

} // namespace modmgr
