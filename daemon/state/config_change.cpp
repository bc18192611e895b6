#include "state/config_change.h"

#include "lookup/module_resolution.h"
#include "wire_contract.h"

namespace modmgr {

namespace {

constexpr char kCut[] = "...";

} // namespace

ConfigChange ConfigChange::by_call(const std::string& module, const std::string& setting,
                                   const std::string& value, const Attribution& who) {
    std::string announced = value;
    if (announced.size() > wire::kMaxAnnouncedValueLength)
        announced = value.substr(0, wire::kMaxAnnouncedValueLength - (sizeof kCut - 1)) + kCut;
    return {normalize_module_name(module), setting, std::move(announced), who};
}

ConfigChange ConfigChange::alongside(const std::string& other) const { return {other, "", "", who}; }

ConfigChange ConfigChange::by_edit(const std::string& module) { return {module, "", "", {}}; }

} // namespace modmgr
