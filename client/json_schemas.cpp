#include "json_schemas.h"

namespace modmgr {

namespace {

struct SchemaEntry {
    Command command;
    const char* file;
};

const SchemaEntry kSchemas[] = {
    {Command::List, "modctl-list.schema.json"},
    {Command::Info, "modctl-info.schema.json"},
    {Command::Load, "modctl-load.schema.json"},
    {Command::Unload, "modctl-unload.schema.json"},
    {Command::Permissions, "modctl-permissions.schema.json"},
    {Command::Monitor, "modctl-monitor.schema.json"},
    {Command::Blacklist, "modctl-config-change.schema.json"},
    {Command::Unblacklist, "modctl-config-change.schema.json"},
    {Command::Mask, "modctl-config-change.schema.json"},
    {Command::Unmask, "modctl-config-change.schema.json"},
    {Command::Options, "modctl-config-change.schema.json"},
    {Command::Enable, "modctl-config-change.schema.json"},
    {Command::Disable, "modctl-config-change.schema.json"},
    {Command::Config, "modctl-config.schema.json"},
    {Command::Tree, "modctl-tree.schema.json"},
    {Command::Status, "modctl-status.schema.json"},
    {Command::Devices, "modctl-devices.schema.json"},
    {Command::Search, "modctl-search.schema.json"},
};

} // namespace

const char* json_schema_of(Command command) {
    for (const auto& entry : kSchemas)
        if (entry.command == command)
            return entry.file;
    return nullptr;
}

std::string json_schemas_help() {
    return "JSON OUTPUT:\n"
           "  --json prints one JSON document on stdout (monitor: one per line and event), and\n"
           "  nothing on stdout on failure. A module's name is always the key \"name\". Each\n"
           "  command's document is described by a JSON Schema in\n"
           "  " MODMGR_JSON_SCHEMA_DIR ", named in its --help.\n";
}

} // namespace modmgr
