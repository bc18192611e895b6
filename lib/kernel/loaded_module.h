#pragma once
// What the kernel says about one loaded module at one instant.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace modmgr {

struct LoadedModule {
    std::string name;
    uint64_t size = 0;
    // Includes the references held by the modules in `holders` (the kernel counts each
    // dependent module once); -1 when the kernel keeps no count (no CONFIG_MODULE_UNLOAD).
    int32_t refcount = 0;
    std::vector<std::string> holders; // modules that depend on this one
    std::string state;                // "live", "coming" or "going"
    bool permanent = false;           // has init but no exit: can never be unloaded
    // The module's taint flags, the letters /proc/modules shows in parentheses and
    // /sys/module/NAME/taint holds (e.g. "OE"); "" when it taints nothing.
    std::string taint;
    // The kernel verified the module's signature when it loaded it: the kernel checks
    // signatures (CONFIG_MODULE_SIG) and did not taint it 'E' (unsigned, or signed with an
    // unknown key). False on a kernel that checks none.
    bool signature_verified = false;
    std::map<std::string, std::string> parameters; // readable /sys/module/NAME/parameters/*

    bool operator==(const LoadedModule& o) const {
        return name == o.name && size == o.size && refcount == o.refcount &&
               holders == o.holders && state == o.state && permanent == o.permanent &&
               taint == o.taint && signature_verified == o.signature_verified &&
               parameters == o.parameters;
    }
    bool operator!=(const LoadedModule& o) const { return !(*this == o); }
};

// In the kernel's order (/proc/modules lists the newest first, like lsmod).
using Snapshot = std::vector<LoadedModule>;

const LoadedModule* find_module(const Snapshot& snapshot, const std::string& name);

} // namespace modmgr
