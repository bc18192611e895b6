#pragma once
// One row of Manager.List (a(stiasssb)), named.
#include <cstdint>
#include <string>
#include <vector>

namespace modmgr {

struct ModuleListEntry {
    std::string name;
    uint64_t size = 0;
    int32_t refcount = 0; // -1: the kernel keeps no reference count for this module
    std::vector<std::string> holders;
    std::string state; // "live", "coming" or "going"
    std::string taint{}; // the module's taint flags ("OE"), "" for none
    bool signature_verified = false; // the kernel verified its signature
};

} // namespace modmgr
