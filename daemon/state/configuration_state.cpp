#include "state/configuration_state.h"

#include <spdlog/spdlog.h>

#include <utility>
#include <vector>

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

void ConfigurationState::announce_changes(const std::optional<ConfigChange>& made) {
    try {
        keep(reader_(layout_), made);
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

void ConfigurationState::keep(ConfigIndex now, const std::optional<ConfigChange>& made) {
    std::vector<ConfigChange> changes;
    if (last_good_)
        for (const auto& module : last_good_->changed_modules(now))
            changes.push_back(!made                   ? ConfigChange::by_edit(module)
                              : made->module == module ? *made
                                                       : made->alongside(module));
    last_good_ = std::move(now);
    if (!changes.empty())
        loop_.post([this, changes = std::move(changes)] {
            for (const auto& change : changes)
                config_changed_(change);
        });
}

} // namespace modmgr
