#include "bus/module_publisher.h"

namespace modmgr {

ModulePublisher::~ModulePublisher() {
    for (auto& [name, object] : objects_)
        object->forget();
}

void ModulePublisher::publish_found(const RegistryChanges& found) {
    for (const auto& module : found.added)
        objects_[module.name] = bus_.publish_object(module);
}

void ModulePublisher::publish(const RegistryChanges& changes, const Attribution& who) {
    std::vector<std::string> loaded, unloaded;
    for (const auto& module : changes.removed) {
        objects_.erase(module.name);
        bus_.module_unloaded(module.name);
        unloaded.push_back(module.name);
    }
    for (const auto& module : changes.changed) {
        auto it = objects_.find(module.name);
        if (it != objects_.end())
            it->second->update(module);
    }
    for (const auto& module : changes.added) {
        objects_[module.name] = bus_.publish_object(module);
        bus_.module_loaded(module.name);
        loaded.push_back(module.name);
    }
    if (!loaded.empty() || !unloaded.empty())
        bus_.modules_changed(loaded, unloaded, who);
    if (changes.added.size() != changes.removed.size())
        bus_.loaded_count_changed();
}

} // namespace modmgr
