#include "json_output.h"

#include "taint_flags.h"

namespace modmgr {

namespace {

nlohmann::json source_json(const ConfigSourceEntry& source) {
    return {{"kind", source.kind},
            {"file", source.file},
            {"line", source.line},
            {"text", source.text},
            {"managed", source.managed}};
}

nlohmann::json to_json(const DecodedValue& value) {
    return std::visit(
        [](const auto& v) -> nlohmann::json {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::vector<DecodedParameter>>) {
                nlohmann::json parameters = nlohmann::json::array();
                for (const auto& p : v)
                    parameters.push_back(
                        {{"name", p.name}, {"type", p.type}, {"description", p.description}});
                return parameters;
            } else if constexpr (std::is_same_v<T, std::vector<ConfigSourceEntry>>) {
                nlohmann::json sources = nlohmann::json::array();
                for (const auto& source : v)
                    sources.push_back(source_json(source));
                return sources;
            } else if constexpr (std::is_same_v<T, StringPairs>) {
                nlohmann::json object = nlohmann::json::object();
                for (const auto& [name, text] : v)
                    object.emplace(name, text);
                return object;
            } else if constexpr (std::is_same_v<T, UnsupportedValue>) {
                return nullptr;
            } else {
                return v;
            }
        },
        value);
}

nlohmann::json tree_node_json(const TreeNode& node, bool reverse) {
    const ModuleFacts& module = node.module;
    nlohmann::json below = nlohmann::json::array();
    for (const auto& child : node.children)
        below.push_back(tree_node_json(child, reverse));
    return {{"name", module.name},
            {"loaded", module.loaded},
            {"builtin", module.builtin},
            {"state", module.state.empty() ? nlohmann::json(nullptr) : nlohmann::json(module.state)},
            {reverse ? "holders" : "depends", below}};
}

} // namespace

nlohmann::json list_json(const std::vector<ModuleListEntry>& modules) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& m : modules)
        rows.push_back({{"name", m.name},
                        {"size", m.size},
                        {"refcount", m.refcount},
                        {"holders", m.holders},
                        {"state", m.state},
                        {"taint", m.taint},
                        {"signed", m.signature_verified}});
    return {{"modules", rows}};
}

nlohmann::json dictionary_json(const DecodedDictionary& dictionary) {
    nlohmann::json object = nlohmann::json::object();
    // emplace: of two entries with one key, the first counts, as for find_value.
    for (const auto& entry : dictionary)
        object.emplace(entry.key, to_json(entry.value));
    return object;
}

nlohmann::json load_json(const std::vector<std::string>& inserted, bool dry_run) {
    return {{"inserted", inserted}, {"dry_run", dry_run}};
}

nlohmann::json load_file_json(const std::string& name, bool dry_run) {
    return {{"name", name}, {"dry_run", dry_run}};
}

nlohmann::json unload_json(const std::vector<std::string>& removed, bool dry_run) {
    return {{"removed", removed}, {"dry_run", dry_run}};
}

nlohmann::json config_change_json(const std::string& module, bool changed, bool dry_run) {
    return {{"name", module}, {"changed", changed}, {"dry_run", dry_run}};
}

nlohmann::json tree_json(const std::vector<TreeNode>& trees, bool reverse) {
    nlohmann::json modules = nlohmann::json::array();
    for (const auto& tree : trees)
        modules.push_back(tree_node_json(tree, reverse));
    return {{"modules", modules}};
}

nlohmann::json permissions_json(const std::map<std::string, std::string>& permissions) {
    return permissions;
}

nlohmann::json config_overview_json(const ConfigOverview& overview) {
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& [name, source] : overview.entries) {
        nlohmann::json entry = source_json(source);
        entry["name"] = name;
        entries.push_back(std::move(entry));
    }
    return {{"entries", entries}, {"truncated", overview.truncated}};
}

nlohmann::json status_json(const SystemStatus& status) {
    const ConfigCounts& counts = status.counts;
    return {{"version", status.version},
            {"kernel_release", status.kernel_release},
            {"loaded_count", status.loaded_count},
            {"tainted", status.tainted},
            {"taint_flags", taint_letters(status.tainted)},
            {"modules_disabled", status.modules_disabled},
            {"signatures_enforced", status.signatures_enforced},
            {"lockdown", status.lockdown.empty() ? nlohmann::json(nullptr)
                                                 : nlohmann::json(status.lockdown)},
            {"modmgrd_files",
             {{"blacklisted", counts.blacklisted},
              {"masked", counts.masked},
              {"options", counts.options},
              {"load_at_boot", counts.load_at_boot}}},
            {"config_entries", counts.entries},
            {"truncated", counts.truncated}};
}

namespace {

template <typename T>
nlohmann::json or_null(const std::optional<T>& value) {
    return value ? nlohmann::json(*value) : nullptr;
}

} // namespace

nlohmann::json monitor_event_json(const MonitorEvent& event) {
    return {{"time", event.time},
            {"event", event.event},
            {"name", event.module.empty() ? nlohmann::json(nullptr) : nlohmann::json(event.module)},
            {"caller_uid", or_null(event.caller_uid)},
            {"user", or_null(event.user)},
            {"action", or_null(event.action)},
            {"setting", or_null(event.setting)},
            {"value", or_null(event.value)},
            {"device", or_null(event.device)},
            {"modalias", or_null(event.modalias)},
            {"driver", or_null(event.driver)}};
}

std::string render_json(const nlohmann::json& document, JsonMode mode) {
    const int indent = mode == JsonMode::Pretty ? 2 : -1;
    return document.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace modmgr
