#include "command_line.h"

#include <algorithm>
#include <initializer_list>
#include <stdexcept>

#include "closest_name.h"
#include "json_schemas.h"
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
    Operand operand;        // what completion offers for MODULE
    bool several = false;   // takes several MODULEs, each handled in turn (modinfo, modprobe -r)
    // MODULE may be left out (tree: every loaded module; monitor: every module).
    bool module_optional = false;
    // What the usage line calls its argument when it is no module.
    const char* argument_name = "MODULE";
};

const CommandSpec kCommands[] = {
    {Command::List, "list", "Show the loaded modules (like lsmod)", nullptr, nullptr, 0, Operand::None},
    {Command::Info, "info", "Show a module's information (like modinfo)",
     "Module NAME, ALIAS or PATH", nullptr, 0, Operand::ModuleOrFile, true},
    {Command::Load, "load",
     "Load a module and its dependencies (like modprobe), or a module file (like insmod)",
     "Module NAME, ALIAS or PATH", "Module parameters, PARAM=VALUE", wire::kLoadFlags, Operand::ModuleOrFile},
    {Command::Unload, "unload",
     "Unload a module and the dependencies nothing else uses (like modprobe -r)", "Module NAME",
     nullptr, wire::kUnloadFlags, Operand::LoadedModule, true},
    {Command::Permissions, "permissions", "Show which actions polkit allows you (yes, auth, no)",
     nullptr, nullptr, 0, Operand::None},
    {Command::Monitor, "monitor",
     "Print module, configuration and device changes as they happen, until interrupted",
     "Only the events of these modules (names, not aliases)", nullptr, 0,
     Operand::AvailableModule, true, true},
    {Command::Blacklist, "blacklist", "Blacklist a module persistently (modprobe.d)",
     "Module NAME", nullptr, wire::kConfigureFlags, Operand::AvailableModule},
    {Command::Unblacklist, "unblacklist", "Stop blacklisting a module", "Module NAME", nullptr,
     wire::kConfigureFlags, Operand::BlacklistedModule},
    {Command::Mask, "mask",
     "Keep a module from ever loading, by any path (modprobe.d); --now also unloads it",
     "Module NAME", nullptr, wire::kConfigureFlags, Operand::AvailableModule},
    {Command::Unmask, "unmask", "Stop masking a module", "Module NAME", nullptr,
     wire::kConfigureFlags, Operand::MaskedModule},
    {Command::Options, "options", "Set a module's persistent options (modprobe.d); none clears them",
     "Module NAME", "Module options, KEY=VALUE", wire::kConfigureFlags, Operand::AvailableModule},
    {Command::Enable, "enable", "Load a module at boot (modules-load.d); --now also loads it",
     "Module NAME", nullptr, wire::kConfigureFlags, Operand::AvailableModule},
    {Command::Disable, "disable", "Stop loading a module at boot; --now also unloads it",
     "Module NAME", nullptr, wire::kConfigureFlags, Operand::AvailableModule},
    {Command::Config, "config",
     "Show a module's configuration in effect and where it comes from; without one, all of it",
     "Module NAME", nullptr, 0, Operand::AvailableModule, false, true},
    {Command::Status, "status",
     "Show the kernel's module state and what modmgrd configures (the default command)",
     nullptr, nullptr, 0, Operand::None},
    {Command::Help, "help", "Show this help, or COMMAND's (as modctl COMMAND --help)",
     "The command whose help to show", nullptr, 0, Operand::Command},
    {Command::Tree, "tree",
     "Show a module's dependencies as a tree (--reverse: its holders), or every loaded module's",
     "Module NAME or ALIAS", nullptr, 0, Operand::AvailableModule, false, true},
    {Command::Devices, "devices",
     "Show the devices with a modalias: identity, driver and module bound, candidate modules",
     nullptr, nullptr, wire::kListDevicesFlags, Operand::None},
    {Command::Search, "search",
     "Find modules of the running kernel, loaded or not, by name, alias or description",
     "Text to find, as written (any case; '-' and '_' alike in names)", nullptr, 0,
     Operand::None, false, false, "QUERY"},
};

// What bare `modctl` (options only) does, as bare hostnamectl shows its status.
constexpr Command kDefaultCommand = Command::Status;

// The switches (options without a value). One row feeds the parser, the help, the wire flags
// (CommandLine::flags()) and the usage error for a command that does not take it.
struct Switch {
    const char* name;
    bool CommandLine::*value;
    const char* help;
    // The wire flag it sets; the commands whose method takes that flag take the switch.
    uint64_t bit;
    // Without a flag: the commands that take it; empty for every command.
    std::initializer_list<Command> only_for;
    const char* short_name = nullptr; // "-n": alone, or with others ("-qa")
};

const Switch kSwitches[] = {
    {"--json", &CommandLine::json,
     "Print JSON on stdout (see JSON OUTPUT); --json=pretty indents it, --json=off: text", 0, {}},
    {"--dry-run", &CommandLine::dry_run,
     "Commands that change something: show what would happen, change nothing", wire::kDryRun, {},
     "-n"},
    {"--no-deps", &CommandLine::no_deps,
     "unload: remove only this module, not its unused dependencies", wire::kNoDependencies, {}},
    {"--ignore-blacklist", &CommandLine::ignore_blacklist,
     "load: load even if modprobe.d blacklists the module", wire::kIgnoreBlacklist, {}},
    {"--ignore-install-commands", &CommandLine::ignore_install_commands,
     "load: do not run modprobe.d install commands", wire::kIgnoreInstallCommands, {}},
    {"--first-time", &CommandLine::first_time, "load: fail if the module is already loaded",
     wire::kFirstTime, {}},
    {"--name", &CommandLine::name_only,
     "load/info: MODULE is a name or alias, never a file (for units and scripts)", 0,
     {Command::Load, Command::Info}},
    {"--now", &CommandLine::now, "enable/disable/mask: also load/unload the module now", 0,
     {Command::Enable, Command::Disable, Command::Mask}},
    {"--no-ask-password", &CommandLine::no_ask_password,
     "Never prompt for a password, even on a terminal", 0, {}},
    {"--quiet", &CommandLine::quiet,
     "Commands that change something: print nothing but errors and warnings", 0,
     {Command::Load, Command::Unload, Command::Blacklist, Command::Unblacklist, Command::Mask,
      Command::Unmask, Command::Options, Command::Enable, Command::Disable},
     "-q"},
    {"--all", &CommandLine::all,
     "load: every argument is a module, none a parameter (modprobe -a); unload takes several", 0,
     {Command::Load, Command::Unload}, "-a"},
    {"--no-pager", &CommandLine::no_pager, "Do not pipe the output into a pager", 0, {}},
    {"--no-legend", &CommandLine::no_legend,
     "list, config, devices, search: print the rows alone, without the heading and legend lines",
     0, {Command::List, Command::Config, Command::Devices, Command::Search}},
    {"--reverse", &CommandLine::reverse,
     "tree: show what holds the module instead of what it depends on", 0, {Command::Tree}},
    {"--unbound", &CommandLine::unbound, "devices: only the devices no driver is bound to",
     wire::kUnbound, {}},
};

// The options that take a text: -X VALUE, -XVALUE, --long VALUE or --long=VALUE.
struct ValueOption {
    const char* short_name;
    const char* name;
    const char* value_name;
    std::string CommandLine::*value;
    const char* help;
    // The commands that take it; empty for every command.
    std::initializer_list<Command> only_for;
};

const ValueOption kValueOptions[] = {
    {"-H", "--host", "[USER@]HOST", &CommandLine::host, "Operate on HOST's modmgrd over ssh", {}},
    {"-F", "--field", "FIELD", &CommandLine::field,
     "info: print only FIELD's values, one per line, as modinfo -F", {Command::Info}},
    {"-D", "--for-device", "BUS/NAME", &CommandLine::for_device,
     "load: what the device's modalias matches, as modctl devices names the device (no MODULE)",
     {Command::Load}},
};

const char kHelpHelp[] = "Print this help message and exit";
const char kVersionHelp[] = "Display program version information and exit";
const char kTimeoutHelp[] =
    "Commands that change something: stop waiting for modmgrd after SECONDS (default: as long "
    "as it takes)";

bool listed_for(std::initializer_list<Command> only_for, Command command) {
    return only_for.size() == 0 ||
           std::find(only_for.begin(), only_for.end(), command) != only_for.end();
}

bool takes(const CommandSpec& spec, const Switch& option) {
    if (option.bit)
        return (spec.flags & option.bit) != 0;
    return listed_for(option.only_for, spec.command);
}

bool takes(const CommandSpec& spec, const ValueOption& option) {
    return listed_for(option.only_for, spec.command);
}

// "load, unload and disable": the commands that take an option.
template <typename Takes>
std::string commands_where(Takes takes_it) {
    std::vector<std::string> names;
    for (const auto& spec : kCommands)
        if (takes_it(spec))
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
           "  taint, signed, size, refcount, holders, parmvalue (NAME=VALUE), blacklisted,\n"
           "  masked, options, load_at_boot and one config line per configuration source.\n"
           "  load/unload print one line per module inserted/removed (\"would ...\" with\n"
           "  --dry-run) and nothing when there was nothing to do. blacklist, unblacklist,\n"
           "  mask, unmask, options, enable and disable print one line saying what changed,\n"
           "  that nothing needed to, or (--dry-run) what would change; with --now, enable,\n"
           "  disable and mask then print what they inserted or removed. mask of a loaded\n"
           "  module without --now warns on stderr that it stays loaded. config prints the\n"
           "  module's configuration in effect and every file:line it comes from;\n"
           "  \"(modmgrd)\" marks the files modmgrd manages; without a MODULE, a table of\n"
           "  every blacklist, mask, options and load-at-boot line in effect (MODULE, KIND,\n"
           "  MANAGED, SOURCE, TEXT), then \"N entries listed.\". status (and modctl alone) prints \"Label: value\"\n"
           "  lines: modmgrd's version, kernel release, loaded modules, taint flags, whether\n"
           "  module loading is disabled and signatures enforced, the lockdown mode, and what\n"
           "  modmgrd's files configure. permissions prints \"ACTION: yes|auth|no\" lines.\n"
           "  search prints the modules found, loaded or not (NAME, \"(builtin)\" for one built\n"
           "  into the kernel; MATCH: name, alias PATTERN or description; DESCRIPTION), at most\n"
           "  200; when more match, a line on stderr says so.\n"
           "  info -F FIELD prints FIELD's values alone, one per line, as modinfo -F: FIELD is\n"
           "  a label info prints (alias, parm, depends, loaded, holders, ...); a field the\n"
           "  module lacks prints nothing. tree prints the module and, indented below it, what\n"
           "  it depends on (--reverse: what holds it), recursively; \"*\" (● in a UTF-8\n"
           "  locale) marks a module that is loaded or builtin, \"o\" (○) one that is not.\n"
           "  On a terminal, list, info, config, permissions, tree, devices and search go\n"
           "  through a pager ($MODCTL_PAGER, else $PAGER, else less with LESS=FRXMK when\n"
           "  LESS is unset; empty or cat: none), and colour marks errors and headings\n"
           "  unless NO_COLOR is set.\n"
           "  monitor prints one line per event: \"TIME loaded|unloaded MODULE\" or \"TIME\n"
           "  config-changed MODULE\", plus SETTING=\"VALUE\" when a configuration command\n"
           "  set it, and \"by USER (uid N, ACTION)\" (\"by uid N (ACTION)\" when the\n"
           "  uid has no name here, always with --host) when modmgrd made it for a caller;\n"
           "  or \"TIME device-added|device-removed|device-bound|device-unbound BUS/NAME\",\n"
           "  plus modalias=, driver= and module= for those the device has. Given\n"
           "  MODULEs, only theirs. It runs until interrupted and waits out daemon\n"
           "  restarts.\n"
           "  --quiet leaves out the output of the commands that change something.\n"
           "  Errors: one line on stderr, \"modctl: MESSAGE\".\n\n"
           "SEVERAL MODULES:\n"
           "  info and unload take several MODULEs, load with --all (no parameters then).\n"
           "  Each is handled in turn, like modprobe -a: a failure is reported on its own\n"
           "  line and the next module is tried; the exit status is the first failure's.\n\n"
           "WAITING:\n"
           "  modctl waits for a change (load, unload and the configuration commands) as\n"
           "  long as modmgrd takes, unless --timeout=SECONDS says otherwise; when the\n"
           "  wait is cut short the change may still complete (exit status 13). On a\n"
           "  terminal, a line \"modctl: waiting for modmgrd...\" on stderr says so after a\n"
           "  second without an answer.\n\n"
           "AUTHORIZATION:\n"
           "  load, unload, blacklist, unblacklist, mask, unmask, options, enable and disable\n"
           "  may need a password (polkit). When stdin is a terminal and --no-ask-password is\n"
           "  not given, modctl asks for it on the terminal; otherwise it never prompts and\n"
           "  fails with exit status 3 if one would be needed. With --host it never prompts:\n"
           "  the remote daemon cannot reach a local agent.\n\n"
           "REMOTE:\n"
           "  -H [USER@]HOST runs the command against HOST's modmgrd over ssh (ssh -xT HOST\n"
           "  systemd-stdio-bridge). A module FILE cannot be passed to HOST.\n\n" +
           json_schemas_help() + "\n" + exit_codes_help();
}

const CommandSpec& spec_of(Command command) {
    for (const auto& spec : kCommands)
        if (spec.command == command)
            return spec;
    throw std::logic_error("a command without its row in kCommands");
}

const CommandSpec* find_command(const std::string& name) {
    for (const auto& spec : kCommands)
        if (name == spec.name)
            return &spec;
    return nullptr;
}

const Switch* find_switch(const std::string& name) {
    for (const auto& option : kSwitches)
        if (name == option.name || (option.short_name && name == option.short_name))
            return &option;
    return nullptr;
}

// The option `argument` starts, and whether its value is in it (-Hserver, --host=server).
const ValueOption* find_value_option(const std::string& argument, bool& value_attached) {
    for (const auto& option : kValueOptions) {
        const std::string name = option.name;
        value_attached = argument.rfind(name + "=", 0) == 0 ||
                         (argument.rfind(option.short_name, 0) == 0 && argument.size() > 2);
        if (value_attached || argument == name || argument == option.short_name)
            return &option;
    }
    return nullptr;
}

std::string attached_value(const std::string& argument, const ValueOption& option) {
    return argument[1] == '-' ? argument.substr(std::string(option.name).size() + 1)
                              : argument.substr(2);
}

std::optional<JsonMode> json_mode_named(const std::string& name) {
    if (name == "short")
        return JsonMode::Short;
    if (name == "pretty")
        return JsonMode::Pretty;
    return std::nullopt;
}

// "-qa": the switches of a bundle of short ones; empty unless every letter is one.
std::vector<const Switch*> short_switches(const std::string& argument) {
    if (argument.size() < 3 || argument[0] != '-' || argument[1] == '-')
        return {};
    std::vector<const Switch*> bundle;
    for (size_t i = 1; i < argument.size(); ++i) {
        const Switch* option = find_switch({'-', argument[i]});
        if (!option || !option->short_name)
            return {};
        bundle.push_back(option);
    }
    return bundle;
}

// --timeout's SECONDS: a whole number from 1 to kMaxTimeout.
std::optional<std::chrono::seconds> timeout_seconds(const std::string& text) {
    const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    const bool digits =
        !text.empty() && text.size() <= 6 && std::all_of(text.begin(), text.end(), is_digit);
    if (!digits)
        return std::nullopt;
    const std::chrono::seconds seconds(std::stol(text));
    if (seconds.count() < 1 || seconds > kMaxTimeout)
        return std::nullopt;
    return seconds;
}

// One row of the help: the layout the man page test and the completion test read.
void add_row(std::string& out, const std::string& term, const char* help) {
    constexpr size_t kWidth = 28;
    out += "  " + term + std::string(term.size() < kWidth ? kWidth - term.size() : 1, ' ') + help +
           "\n";
}

// The options `command` takes; every option when it is null.
// An option as the help and completion show it.
struct OptionRow {
    const char* short_name; // nullptr: none
    std::string name;
    std::string value; // with its separator (" [USER@]HOST", "=SECONDS"); empty: none
    const char* help;
};

// The options `command` takes (every option when it is null), in the help's order.
std::vector<OptionRow> options_of(const CommandSpec* command) {
    std::vector<OptionRow> rows = {{"-h", "--help", "", kHelpHelp}};
    if (!command)
        rows.push_back({nullptr, "--version", "", kVersionHelp});
    for (const auto& option : kValueOptions)
        if (!command || takes(*command, option))
            rows.push_back({option.short_name, option.name, std::string(" ") + option.value_name,
                            option.help});
    for (const auto& option : kSwitches)
        if (!command || takes(*command, option))
            rows.push_back({option.short_name, option.name, "", option.help});
    if (!command || changes_something(command->command))
        rows.push_back({nullptr, "--timeout", "=SECONDS", kTimeoutHelp});
    return rows;
}

std::string options_help(const CommandSpec* command) {
    std::string out = "Options:\n";
    for (const auto& row : options_of(command))
        add_row(out,
                (row.short_name ? std::string(row.short_name) + "," : std::string()) + row.name +
                    row.value,
                row.help);
    return out;
}

std::string program_help() {
    std::string out = std::string(kDescription) + "\nUsage: modctl [OPTIONS] [SUBCOMMAND]\n\n" +
                      options_help(nullptr) + "\nSubcommands:\n";
    for (const auto& spec : kCommands)
        add_row(out, spec.name, spec.description);
    return out + "\n" + footer();
}

// What the usage line and the positionals call the command's first argument.
std::string positional_name(const CommandSpec& spec) {
    if (spec.command == Command::Help)
        return "[COMMAND]";
    const std::string name = spec.argument_name;
    if (spec.module_optional)
        return spec.several ? "[" + name + "...]" : "[" + name + "]";
    return spec.several ? name + "..." : name;
}

std::string command_help(const CommandSpec& spec) {
    std::string out = std::string(spec.description) + "\nUsage: modctl " + spec.name + " [OPTIONS]" +
                      (spec.module ? " " + positional_name(spec) : "") +
                      (spec.parameters ? " [KEY=VALUE...]" : "") + "\n\n";
    if (spec.module || spec.parameters) {
        out += "Positionals:\n";
        if (spec.module)
            add_row(out, positional_name(spec), spec.module);
        if (spec.parameters)
            add_row(out, "KEY=VALUE...", spec.parameters);
        out += "\n";
    }
    out += options_help(&spec);
    if (const char* schema = json_schema_of(spec.command))
        out += std::string("\nJSON output (--json): " MODMGR_JSON_SCHEMA_DIR "/") + schema;
    return out + "\nmodctl --help describes the output and the exit statuses.\n";
}

bool takes_only_a_name(Command command) {
    return command == Command::Unload || command == Command::Config ||
           command == Command::Tree || changes_configuration(command);
}

// Options that only make sense for some commands are a usage error elsewhere rather than
// silently ignored; so is a file for the commands that the daemon answers only by name.
std::string misplaced_option(const CommandLine& line) {
    const CommandSpec& spec = spec_of(line.command);
    for (const auto& option : kSwitches)
        if (line.*option.value && !takes(spec, option))
            return std::string(option.name) + " applies only to " +
                   commands_where([&option](const CommandSpec& s) { return takes(s, option); });
    for (const auto& option : kValueOptions)
        if (!(line.*option.value).empty() && !takes(spec, option))
            return std::string(option.name) + " applies only to " +
                   commands_where([&option](const CommandSpec& s) { return takes(s, option); });
    // Field labels are info's text labels, not the JSON keys: the two do not mix.
    if (!line.field.empty() && line.json)
        return "--field and --json cannot be used together";
    if (line.timeout && !changes_something(line.command))
        return "--timeout applies only to " + commands_where([](const CommandSpec& s) {
                   return changes_something(s.command);
               });
    if (line.all && !line.for_device.empty())
        return "--all and --for-device cannot be used together";
    // LoadFile and InfoFile pass an open file descriptor, which cannot travel through ssh.
    const bool by_file = line.command == Command::Load || line.command == Command::Info;
    for (const auto& target : line.targets()) {
        if (takes_only_a_name(line.command) && wire::names_a_module_file(target))
            return std::string(spec.name) + " takes a module name, not a file: " + target;
        if (!line.host.empty() && by_file && !line.name_only && wire::names_a_module_file(target))
            return "a module file cannot be used with --host (an open file cannot be passed "
                   "over ssh): " + target;
        if (line.all && target.find('=') != std::string::npos)
            return "with --all every argument is a module, and " + target +
                   " is a parameter: load one module to pass parameters";
    }
    return {};
}

EarlyExit usage_error(const std::string& message) {
    return {ExitCode::Usage, "modctl: " + message + " (see modctl --help)\n"};
}

EarlyExit unknown_command(const std::string& typed) {
    std::vector<std::string> names;
    for (const auto& spec : kCommands)
        names.push_back(spec.name);
    const std::string guess = closest_name(typed, names);
    return {ExitCode::Usage, "modctl: unknown command '" + typed + "'" +
                                 (guess.empty() ? "" : " (did you mean '" + guess + "'?)") +
                                 "; modctl help lists the commands\n"};
}

// `modctl help [COMMAND]`: the help itself, or what is wrong with COMMAND.
EarlyExit help_about(const std::vector<std::string>& operands) {
    if (operands.empty())
        return {ExitCode::Ok, program_help()};
    if (operands.size() > 1)
        return usage_error("unexpected argument: " + operands[1]);
    const CommandSpec* command = find_command(operands.front());
    return command ? EarlyExit{ExitCode::Ok, command_help(*command)}
                   : unknown_command(operands.front());
}

// The options `command` takes (every option when it is null), as completion offers them.
std::vector<std::pair<std::string, std::string>> option_names(const CommandSpec* command) {
    std::vector<std::pair<std::string, std::string>> names;
    for (const auto& row : options_of(command)) {
        if (row.short_name)
            names.emplace_back(row.short_name, row.help);
        names.emplace_back(row.name, row.help);
    }
    return names;
}

} // namespace

std::vector<CommandSyntax> command_syntax() {
    std::vector<CommandSyntax> commands;
    for (const auto& spec : kCommands)
        commands.push_back({spec.command, spec.name, spec.description, spec.operand,
                            spec.parameters != nullptr, spec.several, option_names(&spec)});
    return commands;
}

std::vector<std::pair<std::string, std::string>> every_option() {
    return option_names(nullptr);
}

OptionValue option_value(const std::string& option) {
    if (option == "--timeout")
        return OptionValue::Other;
    for (const auto& value_option : kValueOptions)
        if (option == value_option.short_name || option == value_option.name) {
            if (value_option.value == &CommandLine::host)
                return OptionValue::Host;
            if (value_option.value == &CommandLine::for_device)
                return OptionValue::Device;
            return value_option.value == &CommandLine::field ? OptionValue::Field
                                                             : OptionValue::Other;
        }
    return OptionValue::None;
}

bool changes_configuration(Command command) {
    switch (command) {
    case Command::Blacklist:
    case Command::Unblacklist:
    case Command::Mask:
    case Command::Unmask:
    case Command::Options:
    case Command::Enable:
    case Command::Disable:
        return true;
    default:
        return false;
    }
}

bool pages_output(Command command) {
    switch (command) {
    case Command::List:
    case Command::Info:
    case Command::Config:
    case Command::Permissions:
    case Command::Tree:
    case Command::Devices:
    case Command::Search:
        return true;
    default:
        return false;
    }
}

bool changes_something(Command command) {
    return command == Command::Load || command == Command::Unload ||
           changes_configuration(command);
}

uint64_t CommandLine::flags() const {
    uint64_t bits = 0;
    for (const auto& option : kSwitches)
        if (this->*option.value)
            bits |= option.bit;
    return bits;
}

std::vector<std::string> CommandLine::targets() const {
    std::vector<std::string> all_targets{target};
    all_targets.insert(all_targets.end(), further_targets.begin(), further_targets.end());
    return all_targets;
}

bool allows_interactive_authorization(const CommandLine& line, bool stdin_is_terminal) {
    return changes_something(line.command) && stdin_is_terminal && !line.no_ask_password &&
           line.host.empty();
}

// By hand rather than with an argument-parsing library: modctl runs once per command, and
// building a parser's object model of every command and option was a third of the
// instructions of a `modctl --version` (issue 12).
std::variant<CommandLine, EarlyExit> parse_command_line(const std::vector<std::string>& arguments) {
    CommandLine line;
    const CommandSpec* command = nullptr;
    std::vector<std::string> operands; // after the command: its MODULE, then KEY=VALUEs
    bool help = false;
    bool options_ended = false;
    // Options may come before or after the command: `modctl load vxlan --dry-run`.
    for (size_t i = 0; i < arguments.size(); ++i) {
        const std::string& argument = arguments[i];
        if (options_ended || argument.size() < 2 || argument[0] != '-') {
            if (command)
                operands.push_back(argument);
            else if (!(command = find_command(argument)))
                return unknown_command(argument);
        } else if (argument == "--") {
            options_ended = true;
        } else if (argument == "-h" || argument == "--help") {
            help = true;
        } else if (argument == "--version") {
            return EarlyExit{ExitCode::Ok, "modctl " MODMGR_VERSION "\n"};
        } else if (argument.rfind("--json=", 0) == 0) {
            const std::string mode = argument.substr(7);
            line.json = mode != "off";
            if (line.json) {
                const auto named = json_mode_named(mode);
                if (!named)
                    return usage_error("--json takes short, pretty or off, not " + mode);
                line.json_mode = *named;
            }
        } else if (bool attached; const ValueOption* option = find_value_option(argument, attached)) {
            std::string value;
            if (attached) {
                value = attached_value(argument, *option);
            } else if (i + 1 < arguments.size() &&
                       (arguments[i + 1].size() < 2 || arguments[i + 1][0] != '-')) {
                value = arguments[++i];
            }
            if (value.empty())
                return usage_error(std::string(option->name) + " needs a " + option->value_name);
            line.*option->value = value;
        } else if (argument == "--timeout" || argument.rfind("--timeout=", 0) == 0) {
            const bool separate = argument == "--timeout";
            if (separate && i + 1 == arguments.size())
                return usage_error("--timeout needs SECONDS");
            const std::string value = separate ? arguments[++i] : argument.substr(10);
            if (!(line.timeout = timeout_seconds(value)))
                return usage_error("--timeout takes a whole number of seconds from 1 to " +
                                   std::to_string(kMaxTimeout.count()) + ", not '" + value + "'");
        } else if (const Switch* option = find_switch(argument)) {
            line.*option->value = true;
        } else if (const auto bundle = short_switches(argument); !bundle.empty()) {
            for (const Switch* bundled : bundle)
                line.*bundled->value = true;
        } else {
            return usage_error("unknown option " + argument);
        }
    }
    if (help)
        return EarlyExit{ExitCode::Ok, command ? command_help(*command) : program_help()};
    if (!command)
        command = &spec_of(kDefaultCommand);
    if (command->command == Command::Help)
        return help_about(operands);
    line.command = command->command;
    auto operand = operands.begin();
    // load --for-device: the device names what to load, and LoadForDevice takes no parameters.
    const bool for_device = line.command == Command::Load && !line.for_device.empty();
    if (for_device && operand != operands.end())
        return usage_error("load --for-device takes no MODULE or parameters: " + *operand);
    if (command->module && !for_device &&
        !(command->module_optional && operand == operands.end())) {
        if (operand == operands.end())
            return usage_error(std::string(command->name) + " needs a " + command->argument_name);
        line.target = *operand++;
    }
    if (command->several || (line.all && line.command == Command::Load))
        line.further_targets.assign(operand, operands.end());
    else if (command->parameters)
        line.parameters.assign(operand, operands.end());
    else if (operand != operands.end())
        return usage_error("unexpected argument: " + *operand);
    if (const auto message = misplaced_option(line); !message.empty())
        return usage_error(message);
    return line;
}

} // namespace modmgr
