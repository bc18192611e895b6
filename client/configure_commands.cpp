#include "configure_commands.h"

#include <stdexcept>

#include "bus_error.h"
#include "config_change_message.h"
#include "config_format.h"
#include "error_message.h"
#include "json_output.h"
#include "module_changes_format.h"
#include "wire_contract.h"

namespace modmgr {

namespace {

bool change_configuration(ManagerClient& client, const CommandLine& line) {
    const uint64_t flags = line.flags();
    switch (line.command) {
    case Command::Blacklist:
        return client.set_blacklisted(line.target, true, flags);
    case Command::Unblacklist:
        return client.set_blacklisted(line.target, false, flags);
    case Command::Options:
        return client.set_options(line.target, line.parameters, flags);
    case Command::Enable:
        return client.set_load_at_boot(line.target, true, flags);
    case Command::Disable:
        return client.set_load_at_boot(line.target, false, flags);
    default:
        throw std::logic_error("not a configuration command");
    }
}

// The --now step; adds its result to `document` and returns its text. Like `systemctl
// disable --now` on a stopped unit, disabling a module that is not loaded has nothing to
// unload: the state asked for holds.
std::string load_or_unload_now(ManagerClient& client, const CommandLine& line,
                               nlohmann::json& document, TextOutput& messages) {
    const uint64_t flags = line.flags();
    if (line.command == Command::Enable) {
        const auto loaded = client.load(line.target, {}, flags);
        messages << format_warnings(loaded.warnings);
        document.update(load_json(loaded.inserted, line.dry_run));
        return format_inserted(loaded.inserted, line.dry_run);
    }
    std::vector<std::string> removed;
    try {
        removed = client.unload(line.target, flags);
    } catch (const BusError& error) {
        if (error.name() != wire::error::kNotLoaded)
            throw;
    }
    document.update(unload_json(removed, line.dry_run));
    return format_removed(removed, line.dry_run);
}

} // namespace

void run_configuration_change(ManagerClient& client, const CommandLine& line, TextOutput& out,
                              TextOutput& messages) {
    const bool changed = change_configuration(client, line);
    auto document = config_change_json(line.target, changed, line.dry_run);
    std::string text = config_change_message(line, changed) + "\n";
    if (line.now) {
        try {
            text += load_or_unload_now(client, line, document, messages);
        } catch (const BusError& error) {
            throw failure_after_config_change(
                line, changed, failure_from_bus_error(error.name(), error.message()));
        }
    }
    if (!line.quiet)
        out << (line.json ? render_json(document, line.json_mode) : text);
}

void run_show_configuration(ManagerClient& client, const CommandLine& line, TextOutput& out) {
    const auto configuration = client.configuration(line.target);
    out << (line.json ? render_json(dictionary_json(configuration), line.json_mode)
                      : format_configuration(configuration));
}

} // namespace modmgr
