#include "bus/module_object.h"

#include "bus/object_path.h"
#include "wire_contract.h"

namespace modmgr {

ModuleObject::ModuleObject(sdbus::IConnection& connection, const LoadedModule& module)
    : AdaptorInterfaces(connection, module_object_path(module.name)), module_(module) {
    registerAdaptor();
    emitInterfacesAddedSignal({org::modmgr1::Module_adaptor::INTERFACE_NAME});
}

ModuleObject::~ModuleObject() {
    try {
        if (announce_removal_)
            emitInterfacesRemovedSignal({org::modmgr1::Module_adaptor::INTERFACE_NAME});
    } catch (const sdbus::Error&) {
        // A broken connection must not turn object clean-up into std::terminate.
    }
    unregisterAdaptor();
}

void ModuleObject::update(const LoadedModule& module) {
    std::vector<std::string> changed;
    if (module.size != module_.size)
        changed.push_back(wire::module_property::kSize);
    if (module.refcount != module_.refcount)
        changed.push_back(wire::module_property::kRefCount);
    if (module.holders != module_.holders)
        changed.push_back(wire::module_property::kHolders);
    if (module.state != module_.state)
        changed.push_back(wire::module_property::kState);
    if (module.taint != module_.taint)
        changed.push_back(wire::module_property::kTaint);
    if (module.signature_verified != module_.signature_verified)
        changed.push_back(wire::module_property::kSigned);
    if (module.parameters != module_.parameters)
        changed.push_back(wire::module_property::kParameters);
    module_ = module;
    if (!changed.empty())
        getObject().emitPropertiesChangedSignal(org::modmgr1::Module_adaptor::INTERFACE_NAME,
                                                changed);
}

} // namespace modmgr
