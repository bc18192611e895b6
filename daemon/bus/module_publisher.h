#pragma once
// What the bus sees of the loaded modules: one org.modmgr1.Module object per module
// (InterfacesAdded, InterfacesRemoved, PropertiesChanged), ModuleLoaded/ModuleUnloaded for
// each module that came or went, one ModulesChanged per change naming who made it, and
// PropertiesChanged of LoadedCount when the count moved. It turns each RegistryChanges into
// these; ModuleBus does the sending. Event-loop thread only.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kernel/loaded_module.h"
#include "state/attribution.h"
#include "state/module_registry.h"

namespace modmgr {

// One module's bus object (ModuleObject). Destroying it announces its removal.
class PublishedModule {
public:
    virtual ~PublishedModule() = default;
    // Emits PropertiesChanged for what differs.
    virtual void update(const LoadedModule& module) = 0;
    // The daemon is stopping, the module is not going away: go without announcing.
    virtual void forget() = 0;
};

// Where the announcements go: ManagerAdaptor on the bus; a recording fake in the tests.
class ModuleBus {
public:
    virtual ~ModuleBus() = default;
    // Registers the module's object and announces it (InterfacesAdded).
    virtual std::unique_ptr<PublishedModule> publish_object(const LoadedModule& module) = 0;
    virtual void module_loaded(const std::string& name) = 0;
    virtual void module_unloaded(const std::string& name) = 0;
    virtual void modules_changed(const std::vector<std::string>& loaded,
                                 const std::vector<std::string>& unloaded,
                                 const Attribution& who) = 0;
    virtual void loaded_count_changed() = 0;
};

class ModulePublisher {
public:
    explicit ModulePublisher(ModuleBus& bus) : bus_(bus) {}
    // The modules stay loaded when the daemon stops: their objects go without announcing
    // removals that did not happen.
    ~ModulePublisher();
    ModulePublisher(const ModulePublisher&) = delete;
    ModulePublisher& operator=(const ModulePublisher&) = delete;

    // Start-up: objects for the modules found loaded, and no signal (nothing was loaded, the
    // daemon just started).
    void publish_found(const RegistryChanges& found);
    // A change `who` made: removed objects go first (with ModuleUnloaded), changed ones are
    // updated, added ones appear (each object before its ModuleLoaded); then ModulesChanged,
    // then LoadedCount.
    void publish(const RegistryChanges& changes, const Attribution& who);

private:
    ModuleBus& bus_;
    std::map<std::string, std::unique_ptr<PublishedModule>> objects_;
};

} // namespace modmgr
