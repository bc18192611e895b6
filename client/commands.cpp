#include "commands.h"

#include <optional>

#include "configure_commands.h"
#include "json_output.h"
#include "lsmod_format.h"
#include "manager_client.h"
#include "modinfo_format.h"
#include "module_changes_format.h"
#include "module_file.h"
#include "monitor.h"
#include "wire_contract.h"

namespace modmgr {

namespace {

void run_list(ManagerClient& client, const CommandLine& line, TextOutput& out) {
    const auto modules = client.list();
    out << (line.json ? render_json(list_json(modules)) : format_lsmod(modules));
}

void run_info(ManagerClient& client, const CommandLine& line,
              const std::optional<OwnedFd>& file, TextOutput& out) {
    const auto info = file ? client.info_file(*file) : client.info(line.target);
    out << (line.json ? render_json(dictionary_json(info)) : format_modinfo(info));
}

void run_load(ManagerClient& client, const CommandLine& line,
              const std::optional<OwnedFd>& file, TextOutput& out, TextOutput& messages) {
    if (file) {
        const auto name = client.load_file(*file, line.parameters, line.flags());
        out << (line.json ? render_json(load_file_json(name, line.dry_run))
                          : format_inserted({name}, line.dry_run));
        return;
    }
    const auto loaded = client.load(line.target, line.parameters, line.flags());
    messages << format_warnings(loaded.warnings);
    out << (line.json ? render_json(load_json(loaded.inserted, line.dry_run))
                      : format_inserted(loaded.inserted, line.dry_run));
}

void run_unload(ManagerClient& client, const CommandLine& line, TextOutput& out) {
    const auto removed = client.unload(line.target, line.flags());
    out << (line.json ? render_json(unload_json(removed, line.dry_run))
                      : format_removed(removed, line.dry_run));
}

void run_permissions(ManagerClient& client, const CommandLine& line, TextOutput& out) {
    const auto permissions = client.permissions();
    if (line.json) {
        out << render_json(permissions_json(permissions));
        return;
    }
    for (const auto& [action, answer] : permissions)
        out << action << ": " << answer << '\n';
}

} // namespace

void run_command(const CommandLine& line, bool stdin_is_terminal, TextOutput& out,
                 TextOutput& messages) {
    // The file is opened before connecting, so a bad path is reported as such even without a bus.
    std::optional<OwnedFd> file;
    if ((line.command == Command::Info || line.command == Command::Load) && !line.name_only &&
        wire::names_a_module_file(line.target))
        file = open_module_file(line.target);

    // monitor keeps its own connection, which it re-establishes when the bus goes away.
    if (line.command == Command::Monitor)
        return run_monitor(line, out, messages);

    ManagerClient client(allows_interactive_authorization(line, stdin_is_terminal), line.host);
    switch (line.command) {
    case Command::List:
        return run_list(client, line, out);
    case Command::Info:
        return run_info(client, line, file, out);
    case Command::Load:
        return run_load(client, line, file, out, messages);
    case Command::Unload:
        return run_unload(client, line, out);
    case Command::Permissions:
        return run_permissions(client, line, out);
    case Command::Blacklist:
    case Command::Unblacklist:
    case Command::Options:
    case Command::Enable:
    case Command::Disable:
        return run_configuration_change(client, line, out, messages);
    case Command::Config:
        return run_show_configuration(client, line, out);
    case Command::Monitor: // run above
        break;
    }
}

} // namespace modmgr
