#include "state/configuration_state.h"

#include <spdlog/spdlog.h>

#include <set>
#include <utility>

namespace modmgr {

ConfigurationState::ConfigurationState(ConfigLayout layout, Scheduler& loop,
                                       ConfigChanged config_changed, Reader reader)
    : layout_(std::move(layout)), loop_(loop), config_changed_(std::move(config_changed)),
      reader_(std::move(reader)) {
    announce_changes();
}

const ConfigIndex& ConfigurationState::current() {
    if (!kept_is_current())
        keep(reader_(layout_));
    return *last_good_;
}

void ConfigurationState::announce_changes() {
    try {
        keep(reader_(layout_));
    } catch (const std::exception& e) {
        spdlog::error("cannot read the module configuration: {}", e.what());
    }
}

void ConfigurationState::announce_if_changed() {
    if (!kept_is_current())
        announce_changes();
}

bool ConfigurationState::kept_is_current() const {
    return last_good_ && last_good_->stamp().current();
}

void ConfigurationState::keep(ConfigIndex now) {
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
