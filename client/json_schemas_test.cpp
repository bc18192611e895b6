#include "json_schemas.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace modmgr {
namespace {

std::string help_of(const std::vector<std::string>& arguments) {
    const auto result = parse_command_line(arguments);
    const auto* early = std::get_if<EarlyExit>(&result);
    return early ? early->text : std::string();
}

// The subcommands `modctl --help` lists.
std::vector<std::string> subcommands() {
    std::istringstream help(help_of({"--help"}));
    std::vector<std::string> names;
    bool listing = false;
    for (std::string line; std::getline(help, line);) {
        if (line == "Subcommands:")
            listing = true;
        else if (listing && line.empty())
            break;
        else if (listing)
            names.push_back(line.substr(2, line.find(' ', 2) - 2));
    }
    return names;
}

TEST(JsonSchemas, EveryCommandsHelpNamesASchemaThatShipsAndParses) {
    const auto names = subcommands();
    ASSERT_GE(names.size(), 12u);
    const std::string marker = "JSON output (--json): " MODMGR_JSON_SCHEMA_DIR "/";
    for (const auto& name : names) {
        if (name == "help")
            continue;
        const std::string help = help_of({name, "--help"});
        const auto at = help.find(marker);
        ASSERT_NE(at, std::string::npos) << name << ":\n" << help;
        const auto start = at + marker.size();
        const std::string file = help.substr(start, help.find('\n', start) - start);
        const std::filesystem::path path = std::filesystem::path(MODCTL_SCHEMA_SOURCE_DIR) / file;
        std::ifstream in(path);
        ASSERT_TRUE(in) << name << ": " << path;
        const auto schema = nlohmann::json::parse(in);
        EXPECT_EQ(schema.at("$schema"), "https://json-schema.org/draft/2020-12/schema") << path;
        EXPECT_EQ(schema.at("$id"), file) << path;
    }
}

TEST(JsonSchemas, TheProgramHelpSaysWhereTheSchemasAre) {
    EXPECT_NE(help_of({"--help"}).find(json_schemas_help()), std::string::npos);
    EXPECT_NE(json_schemas_help().find(MODMGR_JSON_SCHEMA_DIR), std::string::npos);
}

} // namespace
} // namespace modmgr
