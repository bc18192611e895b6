#include "command_line.h"

#include <sstream>

#include <CLI/CLI.hpp>

#include "json_output.h"
#include "module_file.h"

namespace modmgr {

namespace {

constexpr uint64_t kDryRun = 0x1;
constexpr uint64_t kIgnoreBlacklist = 0x2;
constexpr uint64_t kNoDependencies = 0x4;
constexpr uint64_t kIgnoreInstallCommands = 0x8;
constexpr uint64_t kFirstTime = 0x10;

const char kDescription[] =
    "modctl - load, unload and inspect kernel modules through modmgrd (org.modmgr1 on the\n"
    "system bus). A module argument containing '/' or ending in .ko, .ko.xz, .ko.zst or .ko.gz\n"
    "is a file: modctl opens it with your own permissions and passes only the open file.";

std::string footer() {
    return "\nOUTPUT:\n"
           "  list prints lsmod's columns; info prints modinfo's fields, then loaded, state,\n"
           "  size, refcount, holders, parmvalue (NAME=VALUE), blacklisted, options.\n"
           "  load/unload print one line per module inserted/removed (\"would ...\" with\n"
           "  --dry-run) and nothing when there was nothing to do. permissions prints\n"
           "  \"ACTION: yes|auth|no\" lines. monitor prints one line per module loaded or\n"
           "  unloaded, \"TIME loaded|unloaded MODULE\", plus \"by uid N (ACTION)\" when modmgrd\n"
           "  made the change; it runs until interrupted and waits out daemon restarts.\n"
           "  Errors: one line on stderr, \"modctl: MESSAGE\".\n\n"
           "AUTHORIZATION:\n"
           "  load and unload may need a password (polkit). When stdin is a terminal and\n"
           "  --no-ask-password is not given, modctl asks for it on the terminal; otherwise it\n"
           "  never prompts and fails with exit status 3 if one would be needed. With --host it\n"
           "  never prompts: the remote daemon cannot reach a local agent.\n\n"
           "REMOTE:\n"
           "  -H [USER@]HOST runs the command against HOST's modmgrd over ssh (ssh -xT HOST\n"
           "  systemd-stdio-bridge). A module FILE cannot be passed to HOST.\n\n" +
           json_shapes_help() + "\n" + exit_codes_help();
}

// Options that only make sense for some commands are a usage error elsewhere rather than
// silently ignored; so is a file for unload, which the kernel knows only by name.
std::string misplaced_option(const CommandLine& line) {
    const bool load = line.command == Command::Load;
    const bool unload = line.command == Command::Unload;
    if (line.dry_run && !load && !unload)
        return "--dry-run applies only to load and unload";
    if (line.no_deps && !unload)
        return "--no-deps applies only to unload";
    if (line.ignore_blacklist && !load)
        return "--ignore-blacklist applies only to load";
    if (line.ignore_install_commands && !load)
        return "--ignore-install-commands applies only to load";
    if (line.first_time && !load)
        return "--first-time applies only to load";
    if (line.name_only && !load && line.command != Command::Info)
        return "--name applies only to load and info";
    if (unload && is_module_file_argument(line.target))
        return "unload takes a module name, not a file: " + line.target;
    // LoadFile and InfoFile pass an open file descriptor, which cannot travel through ssh.
    if (!line.host.empty() && (load || line.command == Command::Info) && !line.name_only &&
        is_module_file_argument(line.target))
        return "a module file cannot be used with --host (an open file cannot be passed over "
               "ssh): " + line.target;
    return {};
}

EarlyExit usage_error(const std::string& message) {
    return {ExitCode::Usage, "modctl: " + message + " (see modctl --help)\n"};
}

} // namespace

uint64_t CommandLine::flags() const {
    return (dry_run ? kDryRun : 0) | (ignore_blacklist ? kIgnoreBlacklist : 0) |
           (no_deps ? kNoDependencies : 0) |
           (ignore_install_commands ? kIgnoreInstallCommands : 0) | (first_time ? kFirstTime : 0);
}

bool allows_interactive_authorization(const CommandLine& line, bool stdin_is_terminal) {
    const bool changes_modules = line.command == Command::Load || line.command == Command::Unload;
    return changes_modules && stdin_is_terminal && !line.no_ask_password && line.host.empty();
}

std::variant<CommandLine, EarlyExit> parse_command_line(const std::vector<std::string>& arguments) {
    CommandLine line;
    CLI::App app{kDescription, "modctl"};
    app.set_version_flag("--version", "modctl " MODMGR_VERSION);
    app.footer(footer());
    app.require_subcommand(1);
    // Lets global options follow the command too: `modctl load vxlan --dry-run`.
    app.fallthrough();

    app.add_option("-H,--host", line.host, "Operate on HOST's modmgrd over ssh")
        ->type_name("[USER@]HOST");
    app.add_flag("--json", line.json, "Print one JSON document on stdout (shapes below)");
    app.add_flag("--dry-run", line.dry_run, "load/unload: show what would happen, change nothing");
    app.add_flag("--no-deps", line.no_deps,
                 "unload: remove only this module, not its unused dependencies");
    app.add_flag("--ignore-blacklist", line.ignore_blacklist,
                 "load: load even if modprobe.d blacklists the module");
    app.add_flag("--ignore-install-commands", line.ignore_install_commands,
                 "load: do not run modprobe.d install commands");
    app.add_flag("--first-time", line.first_time, "load: fail if the module is already loaded");
    app.add_flag("--name", line.name_only,
                 "load/info: MODULE is a name or alias, never a file (for units and scripts)");
    app.add_flag("--no-ask-password", line.no_ask_password,
                 "Never prompt for a password, even on a terminal");

    auto* list = app.add_subcommand("list", "Show the loaded modules (like lsmod)");
    auto* info = app.add_subcommand("info", "Show a module's information (like modinfo)");
    info->add_option("module", line.target, "Module NAME, ALIAS or PATH")->required();
    auto* load = app.add_subcommand(
        "load", "Load a module and its dependencies (like modprobe), or a module file (like insmod)");
    load->add_option("module", line.target, "Module NAME, ALIAS or PATH")->required();
    load->add_option("parameters", line.parameters, "Module parameters, PARAM=VALUE");
    auto* unload = app.add_subcommand(
        "unload", "Unload a module and the dependencies nothing else uses (like modprobe -r)");
    unload->add_option("module", line.target, "Module NAME")->required();
    auto* permissions =
        app.add_subcommand("permissions", "Show which actions polkit allows you (yes, auth, no)");
    auto* monitor = app.add_subcommand(
        "monitor", "Print modules as they are loaded and unloaded, until interrupted");

    // CLI11 parses argv-style; keep the strings alive while it does.
    std::vector<const char*> argv{"modctl"};
    for (const auto& argument : arguments)
        argv.push_back(argument.c_str());
    try {
        app.parse(static_cast<int>(argv.size()), argv.data());
    } catch (const CLI::Success& success) {
        std::ostringstream out, err;
        app.exit(success, out, err);
        return EarlyExit{ExitCode::Ok, out.str()};
    } catch (const CLI::ParseError& error) {
        return usage_error(error.what());
    }

    if (*list)
        line.command = Command::List;
    else if (*info)
        line.command = Command::Info;
    else if (*load)
        line.command = Command::Load;
    else if (*unload)
        line.command = Command::Unload;
    else if (*permissions)
        line.command = Command::Permissions;
    else if (*monitor)
        line.command = Command::Monitor;

    if (app.count("--host") > 0 && line.host.empty())
        return usage_error("--host needs a [USER@]HOST");
    if (const auto message = misplaced_option(line); !message.empty())
        return usage_error(message);
    return line;
}

} // namespace modmgr
