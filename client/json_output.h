#pragma once
// modctl --json: exactly one JSON document per command (one per event for monitor), in the
// shapes of the JSON Schemas named by json_schemas.h.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "command_line.h"
#include "config_overview.h"
#include "decoded_value.h"
#include "dependency_tree.h"
#include "module_list.h"
#include "monitor_event.h"
#include "status_format.h"

namespace modmgr {

nlohmann::json list_json(const std::vector<ModuleListEntry>& modules);
// An a{sv} reply (Info, GetConfiguration) as one object, each value in its JSON shape.
nlohmann::json dictionary_json(const DecodedDictionary& dictionary);
nlohmann::json load_json(const std::vector<std::string>& inserted, bool dry_run);
nlohmann::json load_file_json(const std::string& name, bool dry_run);
nlohmann::json unload_json(const std::vector<std::string>& removed, bool dry_run);
// The result of blacklist, unblacklist, options, enable and disable (before any --now step).
nlohmann::json config_change_json(const std::string& module, bool changed, bool dry_run);
// modctl-tree.schema.json: {"modules": [NODE]}, NODE {"name", "loaded", "builtin", "state",
// "depends" (--reverse: "holders"): [NODE]}.
nlohmann::json tree_json(const std::vector<TreeNode>& trees, bool reverse);
nlohmann::json permissions_json(const std::map<std::string, std::string>& permissions);
// `modctl config` without a module: ListConfiguration's entries.
nlohmann::json config_overview_json(const ConfigOverview& overview);
nlohmann::json status_json(const SystemStatus& status);
// One line of `modctl monitor --json`; caller_uid and action are null unless modmgrd made the
// change for a caller, user unless that caller's uid has a name here, setting and value unless
// a Set* call set the module's setting, device unless it is a device event, modalias and driver
// unless the device event has them; name is null for a device event without a module.
nlohmann::json monitor_event_json(const MonitorEvent& event);

// Newline-terminated text: one line (Short), or indented by two blanks per level as jq and
// `systemctl --json=pretty` print it (Pretty). Bytes that are not UTF-8 (module strings are not
// guaranteed to be) become U+FFFD instead of failing the command.
std::string render_json(const nlohmann::json& document, JsonMode mode);

} // namespace modmgr
