#pragma once
// The bus object of one loaded module (org.modmgr1.Module at /org/modmgr1/module/NAME).
// Created and destroyed by ManagerObject as the registry reports changes.
#include <sdbus-c++/sdbus-c++.h>

#include "kernel/loaded_module.h"
#include "modmgr1_adaptor.h"

namespace modmgr {

class ModuleObject final
    : public sdbus::AdaptorInterfaces<org::modmgr1::Module_adaptor, sdbus::ManagedObject_adaptor> {
public:
    // Registers the object and announces it (InterfacesAdded).
    ModuleObject(sdbus::IConnection& connection, const LoadedModule& module);
    // Announces the removal (InterfacesRemoved) and unregisters.
    ~ModuleObject();
    // The daemon is stopping, the module is not going away: unregister without announcing.
    void forget() { announce_removal_ = false; }

    // Emits PropertiesChanged for what differs.
    void update(const LoadedModule& module);

private:
    std::string Name() override { return module_.name; }
    uint64_t Size() override { return module_.size; }
    int32_t RefCount() override { return module_.refcount; }
    std::vector<std::string> Holders() override { return module_.holders; }
    std::string State() override { return module_.state; }
    std::map<std::string, std::string> Parameters() override { return module_.parameters; }

    LoadedModule module_;
    bool announce_removal_ = true;
};

} // namespace modmgr
