#include "commands.h"

#include <optional>

#include "bus_error.h"
#include "configure_commands.h"
#include "device_format.h"
#include "error_message.h"
#include "json_output.h"
#include "lsmod_format.h"
#include "manager_client.h"
#include "modinfo_format.h"
#include "module_changes_format.h"
#include "module_file.h"
#include "module_trees.h"
#include "monitor.h"
#include "overview_commands.h"
#include "search_format.h"
#include "wire_contract.h"

namespace modmgr {

namespace {

// A MODULE argument: a name, or a file modctl opened.
struct ModuleArgument {
    std::string text;
    std::optional<OwnedFd> file;
};

// The files are opened before connecting, so a bad path is reported as such even without a
// bus, and before any module is touched.
std::vector<ModuleArgument> module_arguments(const CommandLine& line) {
    const bool files_allowed =
        (line.command == Command::Info || line.command == Command::Load) && !line.name_only;
    std::vector<ModuleArgument> arguments;
    for (const auto& target : line.targets()) {
        ModuleArgument argument{target, std::nullopt};
        if (files_allowed && wire::names_a_module_file(target))
            argument.file = open_module_file(target);
        arguments.push_back(std::move(argument));
    }
    return arguments;
}

// Several modules go as with modprobe -a: each in turn, a failure reported on its own line and
// the next one tried; the command ends with the first failure's exit code. One module's
// failure is the command's, thrown as any other.
template <typename Each>
ExitCode each_module(std::vector<ModuleArgument>& modules, TextOutput& out, TextOutput& messages,
                     Each each) {
    ExitCode first_failure = ExitCode::Ok;
    for (auto& module : modules) {
        try {
            each(module);
        } catch (const std::exception&) {
            if (modules.size() == 1)
                throw;
            const CommandFailure failure = current_failure();
            report_failure(failure, out, messages);
            if (first_failure == ExitCode::Ok)
                first_failure = failure.code();
        }
    }
    return first_failure;
}

// The daemon refuses a file it was passed as a descriptor without knowing its name; modctl
// says which one.
template <typename Call>
auto naming_the_file(const ModuleArgument& module, Call call) {
    try {
        return call();
    } catch (const BusError& error) {
        if (error.name() != wire::error::kInvalidArgument)
            throw;
        const CommandFailure failure = failure_from_bus_error(error.name(), error.message());
        throw CommandFailure(failure.code(), module.text + ": " + failure.what());
    }
}

void run_list(ManagerClient& client, const CommandLine& line, const TerminalStyle& style,
              TextOutput& out) {
    const auto modules = client.list();
    out << (line.json ? render_json(list_json(modules), line.json_mode)
                      : render_listing(lsmod_listing(modules, style), !line.no_legend, style));
}

ExitCode run_info(ManagerClient& client, const CommandLine& line,
                  std::vector<ModuleArgument>& modules, TextOutput& out, TextOutput& messages) {
    nlohmann::json documents = nlohmann::json::array();
    bool printed = false;
    const ExitCode code = each_module(modules, out, messages, [&](const ModuleArgument& module) {
        const auto info = module.file ? naming_the_file(module, [&] {
            return client.info_file(*module.file);
        })
                                      : client.info(module.text);
        if (line.json) {
            documents.push_back(dictionary_json(info));
            return;
        }
        // Like paragraphs: one blank line between two modules' fields; a field alone (-F) is
        // one value per line, as modinfo -F prints it for several modules.
        if (!line.field.empty()) {
            out << format_modinfo(info, line.field);
            return;
        }
        out << (printed ? "\n" : "") << format_modinfo(info);
        printed = true;
    });
    if (line.json && code == ExitCode::Ok)
        out << render_json(modules.size() == 1 ? documents.front() : documents, line.json_mode);
    return code;
}

// load --for-device: LoadForDevice, answered as a Load.
void run_load_for_device(ManagerClient& client, const CommandLine& line, TextOutput& out,
                         TextOutput& messages) {
    const LoadReply loaded = client.load_for_device(line.for_device, line.flags());
    messages << format_warnings(loaded.warnings);
    if (line.quiet)
        return;
    out << (line.json ? render_json(load_json(loaded.inserted, line.dry_run), line.json_mode)
                      : format_inserted(loaded.inserted, line.dry_run));
}

ExitCode run_load(ManagerClient& client, const CommandLine& line,
                  std::vector<ModuleArgument>& modules, TextOutput& out, TextOutput& messages) {
    if (!line.for_device.empty()) {
        run_load_for_device(client, line, out, messages);
        return ExitCode::Ok;
    }
    std::vector<std::string> inserted;
    const ExitCode code = each_module(modules, out, messages, [&](const ModuleArgument& module) {
        std::vector<std::string> now;
        if (module.file) {
            now.push_back(naming_the_file(module, [&] {
                return client.load_file(*module.file, line.parameters, line.flags());
            }));
        } else {
            LoadReply loaded;
            try {
                loaded = client.load(module.text, line.parameters, line.flags());
            } catch (const BusError& error) {
                throw load_failure_from_bus_error(error.name(), error.message(), module.text,
                                                  line.parameters);
            }
            messages << format_warnings(loaded.warnings);
            now = std::move(loaded.inserted);
        }
        if (!line.json && !line.quiet)
            out << format_inserted(now, line.dry_run);
        inserted.insert(inserted.end(), now.begin(), now.end());
    });
    if (line.json && !line.quiet && code == ExitCode::Ok)
        out << render_json(modules.size() == 1 && modules.front().file
                               ? load_file_json(inserted.front(), line.dry_run)
                               : load_json(inserted, line.dry_run),
                           line.json_mode);
    return code;
}

ExitCode run_unload(ManagerClient& client, const CommandLine& line,
                    std::vector<ModuleArgument>& modules, TextOutput& out, TextOutput& messages) {
    std::vector<std::string> removed;
    const ExitCode code = each_module(modules, out, messages, [&](const ModuleArgument& module) {
        const auto now = client.unload(module.text, line.flags());
        if (!line.json && !line.quiet)
            out << format_removed(now, line.dry_run);
        removed.insert(removed.end(), now.begin(), now.end());
    });
    if (line.json && !line.quiet && code == ExitCode::Ok)
        out << render_json(unload_json(removed, line.dry_run), line.json_mode);
    return code;
}

void run_devices(ManagerClient& client, const CommandLine& line, const TerminalStyle& style,
                 TextOutput& out) {
    const DeviceListingReply listing = client.list_devices(line.flags());
    out << (line.json ? render_json(devices_json(listing), line.json_mode)
                      : render_listing(devices_listing(listing), !line.no_legend, style));
}

void run_search(ManagerClient& client, const CommandLine& line, const TerminalStyle& style,
                TextOutput& out, TextOutput& messages) {
    const SearchReply found = client.search_modules(line.target);
    out << (line.json ? render_json(search_json(found), line.json_mode)
                      : render_listing(search_listing(found), !line.no_legend, style));
    messages << search_truncation_notice(found);
}

void run_permissions(ManagerClient& client, const CommandLine& line, TextOutput& out) {
    const auto permissions = client.permissions();
    if (line.json) {
        out << render_json(permissions_json(permissions), line.json_mode);
        return;
    }
    for (const auto& [action, answer] : permissions)
        out << action << ": " << answer << '\n';
}

void run_tree(ManagerClient& client, const CommandLine& line, const TerminalStyle& style,
              TextOutput& out) {
    const auto trees = module_trees(client, line.target, line.reverse);
    out << (line.json ? render_json(tree_json(trees, line.reverse), line.json_mode)
                      : format_tree(trees, style));
}

} // namespace

ExitCode run_command(const CommandLine& line, bool stdin_is_terminal, bool stderr_is_terminal,
                     const TerminalStyle& style, TextOutput& out, TextOutput& messages) {
    const bool takes_modules = line.command == Command::Info ||
                               (line.command == Command::Load && line.for_device.empty()) ||
                               line.command == Command::Unload;
    auto modules = takes_modules ? module_arguments(line) : std::vector<ModuleArgument>{};

    // monitor keeps its own connection, which it re-establishes when the bus goes away.
    if (line.command == Command::Monitor) {
        run_monitor(line, out, messages);
        return ExitCode::Ok;
    }

    ReplyWait change_wait;
    change_wait.limit = line.timeout;
    if (stderr_is_terminal && !line.quiet)
        change_wait.notice = &messages;
    ManagerClient client(allows_interactive_authorization(line, stdin_is_terminal), change_wait,
                         line.host);
    switch (line.command) {
    case Command::List:
        run_list(client, line, style, out);
        break;
    case Command::Info:
        return run_info(client, line, modules, out, messages);
    case Command::Load:
        return run_load(client, line, modules, out, messages);
    case Command::Unload:
        return run_unload(client, line, modules, out, messages);
    case Command::Permissions:
        run_permissions(client, line, out);
        break;
    case Command::Blacklist:
    case Command::Unblacklist:
    case Command::Mask:
    case Command::Unmask:
    case Command::Options:
    case Command::Enable:
    case Command::Disable:
        run_configuration_change(client, line, out, messages);
        break;
    case Command::Config:
        if (line.target.empty())
            run_config_overview(client, line, style, out);
        else
            run_show_configuration(client, line, out);
        break;
    case Command::Status:
        run_status(client, line, out);
        break;
    case Command::Tree:
        run_tree(client, line, style, out);
        break;
    case Command::Devices:
        run_devices(client, line, style, out);
        break;
    case Command::Search:
        run_search(client, line, style, out, messages);
        break;
    case Command::Monitor: // run above
    case Command::Help:    // answered by the parser
        break;
    }
    return ExitCode::Ok;
}

} // namespace modmgr
