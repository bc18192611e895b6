#include "bus/info_reply.h"

#include <sdbus-c++/sdbus-c++.h>

#include "wire_types.h"

namespace modmgr {

namespace {

struct ToVariant {
    template <typename T>
    sdbus::Variant operator()(const T& value) const {
        return sdbus::Variant(value);
    }
    sdbus::Variant operator()(const std::vector<ParameterDescription>& params) const {
        std::vector<wire::ParameterRow> out;
        for (const auto& p : params)
            out.emplace_back(p.name, p.type, p.description);
        return sdbus::Variant(out);
    }
    sdbus::Variant operator()(const std::vector<ConfigSource>& sources) const {
        std::vector<wire::ConfigSourceRow> out;
        for (const auto& s : sources)
            out.emplace_back(s.kind, s.file, s.line, s.text, s.managed);
        return sdbus::Variant(out);
    }
};

} // namespace

std::map<std::string, sdbus::Variant> to_variant_map(const ModuleInfo& info) {
    std::map<std::string, sdbus::Variant> out;
    for (const auto& [key, value] : info)
        out.emplace(key, std::visit(ToVariant{}, value));
    return out;
}

} // namespace modmgr
