#pragma once
// The bus object of one loaded module (org.modmgr1.Module at /org/modmgr1/module/NAME).
// Created and destroyed by ModulePublisher as the registry reports changes.
#include <sdbus-c++/sdbus-c++.h>

#include "bus/module_publisher.h"
#include "kernel/loaded_module.h"
#include "modmgr1_adaptor.h"

namespace modmgr {

class ModuleObject final
    : public sdbus::AdaptorInterfaces<org::modmgr1::Module_adaptor, sdbus::ManagedObject_adaptor>,
      public PublishedModule {
public:
    // Registers the object and announces it (InterfacesAdded).
    ModuleObject(sdbus::IConnection& connection, const LoadedModule& module);
    // Announces the removal (InterfacesRemoved) and unregisters.
    ~ModuleObject() override;
    void forget() override { announce_removal_ = false; }
    void update(const LoadedModule& module) override;

private:
    std::string Name() override { return module_.name; }
    uint64_t Size() override { return module_.size; }
    int32_t RefCount() override { return module_.refcount; }
    std::vector<std::string> Holders() override { return module_.holders; }
    std::string State() override { return module_.state; }
    std::string Taint() override { return module_.taint; }
    bool Signed() override { return module_.signature_verified; }
    std::map<std::string, std::string> Parameters() override { return module_.parameters; }

    LoadedModule module_;
    bool announce_removal_ = true;
};

} // namespace modmgr
