#pragma once
// Owned references to libkmod modules, so an early throw never leaks one (and so the
// module is dropped from libkmod's pool once unused: a module opened from
// /proc/self/fd/N must not be served, cached, to the next caller of the same fd number).
#include <memory>
#include <vector>

#include <libkmod.h>

namespace modmgr {

struct KmodModuleUnref {
    void operator()(kmod_module* module) const { kmod_module_unref(module); }
};
using KmodModulePtr = std::unique_ptr<kmod_module, KmodModuleUnref>;

inline KmodModulePtr new_module_ref(kmod_module* module) {
    return KmodModulePtr(kmod_module_ref(module));
}

// Takes a list libkmod returned (and frees it): one owned reference per module, in order.
inline std::vector<KmodModulePtr> take_module_list(kmod_list* list) {
    std::vector<KmodModulePtr> modules;
    kmod_list* entry = nullptr;
    // kmod_module_get_module() returns a new reference; the list's own ones go with it.
    kmod_list_foreach(entry, list) modules.emplace_back(kmod_module_get_module(entry));
    kmod_module_unref_list(list);
    return modules;
}

} // namespace modmgr
