#pragma once
// Which JSON Schema describes each command's --json document. The schemas themselves
// (client/schemas/, installed in MODMGR_JSON_SCHEMA_DIR) are the one description of the
// shapes: the help and modctl(1) name them, and the bus tests validate every --json
// output against them.
#include <string>

#include "command_line.h"

namespace modmgr {

// The schema file's name, e.g. "modctl-list.schema.json"; nullptr for a command that prints
// no JSON (help).
const char* json_schema_of(Command command);

// The "JSON OUTPUT" section of `modctl --help`.
std::string json_schemas_help();

} // namespace modmgr
