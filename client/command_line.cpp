#include "command_line.h"

#include <sstream>
#include <stdexcept>

#include <CLI/CLI.hpp>

#include "json_output.h"
#include "text/string_join.h"
#include "wire_contract.h"

namespace modmgr {

namespace {

const char kDescription[] =
    "modctl - load, unload, inspect and configure kernel modules through modmgrd (org.modmgr1 on\n"
    "the system bus). A module argument containing '/' or ending in .ko, .ko.xz, .ko.zst or .ko.gz\n"
    "is a file: modctl opens it with your own permissions and passes only the open file.";

struct CommandSpec {
    Command command;
    const char* name;
    const char* description;
    const char* module;     // help of its MODULE argument; nullptr: it takes none
    const char* parameters; // help of its KEY=VALUE arguments after MODULE; nullptr: none
    uint64_t flags;         // the wire flags of the method it calls (wire_contract.h)
};

const CommandSpec kCommands[] = {
    {Command::List, "list", "Show the loaded modules (like lsmod)", nullptr, nullptr, 0},
    {Command::Info, "info", "Show a module's information (like modinfo)",
     "Module NAME, ALIAS or PATH", nullptr, 0},
    {Command::Load, "load",
     "Load a module and its dependencies (like modprobe), or a module file (like insmod)",
     "Module NAME, ALIAS or PATH", "Module parameters, PARAM=VALUE", wire::kLoadFlags},
    {Command::Unload, "unload",
     "Unload a module and the dependencies nothing else uses (like modprobe -r)", "Module NAME",
     nullptr, wire::kUnloadFlags},
    {Command::Permissions, "permissions", "Show which actions polkit allows you (yes, auth, no)",
     nullptr, nullptr, 0},
    {Command::Monitor, "monitor",
     "Print module and configuration changes as they happen, until interrupted", nullptr,
     nullptr, 0},
    {Command::Blacklist, "blacklist", "Blacklist a module persistently (modprobe.d)",
     "Module NAME", nullptr, wire::kConfigureFlags},
    {Command::Unblacklist, "unblacklist", "Stop blacklisting a module", "Module NAME", nullptr,
     wire::kConfigureFlags},
    {Command::Options, "options", "Set a module's persistent options (modprobe.d); none clears them",
     "Module NAME", "Module options, KEY=VALUE", wire::kConfigureFlags},
    {Command::Enable, "enable", "Load a module at boot (modules-load.d); --now also loads it",
     "Module NAME", nullptr, wire::kConfigureFlags},
    {Command::Disable, "disable", "Stop loading a module at boot; --now also unloads it",
     "Module NAME", nullptr, wire::kConfigureFlags},
    {Command::Config, "config", "Show a module's configuration in effect and where it comes from",
     "Module NAME", nullptr, 0},
};

// The options that set a wire flag: one row feeds the option, CommandLine::flags() and the
// usage error for a command whose method does not take the flag.
struct FlagOption {
    const char* name;
    bool CommandLine::*value;
    wire::Flag bit;
    const char* help;
};

const FlagOption kFlagOptions[] = {
    {"--dry-run", &CommandLine::dry_run, wire::kDryRun,
     "Commands that change something: show what would happen, change nothing"},
    {"--no-deps", &CommandLine::no_deps, wire::kNoDependencies,
     "unload: remove only this module, not its unused dependencies"},
    {"--ignore-blacklist", &CommandLine::ignore_blacklist, wire::kIgnoreBlacklist,
     "load: load even if modprobe.d blacklists the module"},
    {"--ignore-install-commands", &CommandLine::ignore_install_commands,
     wire::kIgnoreInstallCommands, "load: do not run modprobe.d install commands"},
    {"--first-time", &CommandLine::first_time, wire::kFirstTime,
     "load: fail if the module is already loaded"},
};

// "load, unload and disable": the commands whose method takes `bit`.
std::string commands_taking(wire::Flag bit) {
    std::vector<std::string> names;
    for (const auto& spec : kCommands)
        if (spec.flags & bit)
            names.push_back(spec.name);
    if (names.size() < 2)
        return join(names, "");
    const std::string last = names.back();
    names.pop_back();
    return join(names, ", ") + " and " + last;
}

std::string footer() {
    return "\nOUTPUT:\n"
           "  list prints lsmod's columns; info prints modinfo's fields, then loaded, state,\n"
           "  size, refcount, holders, parmvalue (NAME=VALUE), blacklisted, options,\n"
           "  load_at_boot and one config line per configuration source.\n"
           "  load/unload print one line per module inserted/removed (\"would ...\" with\n"
           "  --dry-run) and nothing when there was nothing to do. blacklist, unblacklist,\n"
           "  options, enable and disable print one line saying what changed, that nothing\n"
           "  needed to, or (--dry-run) what would change; with --now, enable and disable\n"
           "  then print what they inserted or removed. config prints the module's\n"
           "  configuration in effect and every file:line it comes from; \"(modmgrd)\" marks\n"
           "  the files modmgrd manages. permissions prints \"ACTION: yes|auth|no\" lines.\n"
           "  monitor prints one line per event: \"TIME loaded|unloaded MODULE\" (plus\n"
           "  \"by uid N (ACTION)\" when modmgrd made the change) or \"TIME config-changed\n"
           "  MODULE\"; it runs until interrupted and waits out daemon restarts.\n"
           "  Errors: one line on stderr, \"modctl: MESSAGE\".\n\n"
           "AUTHORIZATION:\n"
           "  load, unload, blacklist, unblacklist, options, enable and disable may need a\n"
           "  password (polkit). When stdin is a terminal and --no-ask-password is not given,\n"
           "  modctl asks for it on the terminal; otherwise it never prompts and fails with\n"
           "  exit status 3 if one would be needed. With --host it never prompts: the remote\n"
           "  daemon cannot reach a local agent.\n\n"
           "REMOTE:\n"
           "  -H [USER@]HOST runs the command against HOST's modmgrd over ssh (ssh -xT HOST\n"
           "  systemd-stdio-bridge). A module FILE cannot be passed to HOST.\n\n" +
           json_shapes_help() + "\n" + exit_codes_help();
}

const CommandSpec& spec_of(Command command) {
    for (const auto& spec : kCommands)
        if (spec.command == command)
            return spec;
    throw std::logic_error("a command without its row in kCommands");
}

bool takes_only_a_name(Command command) {
    return command == Command::Unload || command == Command::Config ||
           changes_configuration(command);
}

// Options that only make sense for some commands are a usage error elsewhere rather than
// silently ignored; so is a file for the commands that the daemon answers only by name.
std::string misplaced_option(const CommandLine& line, const std::string& command) {
    const bool load = line.command == Command::Load;
    const bool at_boot = line.command == Command::Enable || line.command == Command::Disable;
    for (const auto& option : kFlagOptions)
        if (line.*option.value && !(spec_of(line.command).flags & option.bit))
            return std::string(option.name) + " applies only to " + commands_taking(option.bit);
    if (line.name_only && !load && line.command != Command::Info)
        return "--name applies only to load and info";
    if (line.now && !at_boot)
        return "--now applies only to enable and disable";
    if (takes_only_a_name(line.command) && wire::names_a_module_file(line.target))
        return command + " takes a module name, not a file: " + line.target;
    // LoadFile and InfoFile pass an open file descriptor, which cannot travel through ssh.
    if (!line.host.empty() && (load || line.command == Command::Info) && !line.name_only &&
        wire::names_a_module_file(line.target))
        return "a module file cannot be used with --host (an open file cannot be passed over "
               "ssh): " + line.target;
    return {};
}

EarlyExit usage_error(const std::string& message) {
    return {ExitCode::Usage, "modctl: " + message + " (see modctl --help)\n"};
}

} // namespace

bool changes_configuration(Command command) {
    switch (command) {
    case Command::Blacklist:
    case Command::Unblacklist:
    case Command::Options:
    case Command::Enable:
    case Command::Disable:
        return true;
    default:
        return false;
    }
}

uint64_t CommandLine::flags() const {
    uint64_t bits = 0;
    for (const auto& option : kFlagOptions)
        if (this->*option.value)
            bits |= option.bit;
    return bits;
}

bool allows_interactive_authorization(const CommandLine& line, bool stdin_is_terminal) {
    const bool changes_something = line.command == Command::Load ||
                                   line.command == Command::Unload ||
                                   changes_configuration(line.command);
    return changes_something && stdin_is_terminal && !line.no_ask_password && line.host.empty();
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
    for (const auto& option : kFlagOptions)
        app.add_flag(option.name, line.*option.value, option.help);
    app.add_flag("--name", line.name_only,
                 "load/info: MODULE is a name or alias, never a file (for units and scripts)");
    app.add_flag("--now", line.now, "enable/disable: also load/unload the module now");
    app.add_flag("--no-ask-password", line.no_ask_password,
                 "Never prompt for a password, even on a terminal");

    std::vector<std::pair<CLI::App*, Command>> commands;
    for (const auto& spec : kCommands) {
        auto* subcommand = app.add_subcommand(spec.name, spec.description);
        if (spec.module)
            subcommand->add_option("module", line.target, spec.module)->required();
        if (spec.parameters)
            subcommand->add_option("parameters", line.parameters, spec.parameters);
        commands.emplace_back(subcommand, spec.command);
    }

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

    std::string command_name;
    for (const auto& [subcommand, command] : commands)
        if (subcommand->parsed()) {
            line.command = command;
            command_name = subcommand->get_name();
        }

    if (app.count("--host") > 0 && line.host.empty())
        return usage_error("--host needs a [USER@]HOST");
    if (const auto message = misplaced_option(line, command_name); !message.empty())
        return usage_error(message);
    return line;
}

} // namespace modmgr
