#pragma once
// modctl's command line: what to do, and the flags that go on the wire.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "exit_codes.h"

namespace modmgr {

enum class Command {
    List,
    Info,
    Load,
    Unload,
    Permissions,
    Monitor,
    Blacklist,
    Unblacklist,
    Mask,
    Unmask,
    Options,
    Enable,
    Disable,
    Config,
    Help,
    Tree,
    Status,
    Devices,
    Search,
};

// --json's MODE: one line, or indented for people.
enum class JsonMode { Short, Pretty };

// What a command's MODULE may be, which is what completion offers for it.
enum class Operand {
    None,              // it takes no MODULE (search's QUERY is any text: nothing to offer)
    ModuleOrFile,      // any module of the running kernel, or a module file
    AvailableModule,   // any module of the running kernel
    LoadedModule,      // a loaded module
    BlacklistedModule, // a module modmgrd's own file blacklists
    MaskedModule,      // a module modmgrd's own file masks
    Command,           // a command (help COMMAND)
};

// A command as completion sees it, from the same table as the parser and the help.
struct CommandSyntax {
    Command command;
    std::string name;
    std::string description;
    Operand operand;
    bool takes_parameters; // KEY=VALUE words after MODULE
    bool several;          // more MODULEs may follow (unload, info; load with --all)
    // The options it takes, as the help lists them ("-H" and "--host" apart), with their help.
    std::vector<std::pair<std::string, std::string>> options;
};
std::vector<CommandSyntax> command_syntax();

// Every option, as `modctl --help` lists them: what completion offers before the command.
std::vector<std::pair<std::string, std::string>> every_option();

// What the word after `option` is: none of its own, a [USER@]HOST (-H), a FIELD of info
// (-F), a BUS/NAME device (-D), or another value (--timeout SECONDS).
enum class OptionValue { None, Host, Field, Device, Other };
OptionValue option_value(const std::string& option);

// The commands that change modmgrd's persistent configuration (SetBlacklisted, SetOptions,
// SetLoadAtBoot, SetMasked).
bool changes_configuration(Command command);
// Those and load and unload: the commands whose calls polkit may ask a password for, and whose
// answer modctl waits for as long as it takes (reply_wait.h).
bool changes_something(Command command);

// The longest --timeout: a day.
constexpr std::chrono::seconds kMaxTimeout = std::chrono::hours(24);

// The commands whose text output a person reads page by page (list, info, config, permissions,
// tree): on a terminal it goes through the pager. Never monitor, whose output does not end.
bool pages_output(Command command);

struct CommandLine {
    Command command = Command::List;
    std::string target; // NAME, ALIAS or PATH (search: QUERY); empty for list, status, config of all and tree without one
    // info, unload and load -a: the modules after `target`, each handled in turn like it.
    std::vector<std::string> further_targets;
    // load's PARAM=VALUE and options' KEY=VALUE, passed through unchanged
    std::vector<std::string> parameters;
    // [USER@]HOST to run on over ssh; empty for this machine.
    std::string host;
    bool json = false;
    JsonMode json_mode = JsonMode::Short;
    // info -F: only this field's values, one per line, as `modinfo -F`; empty: every field.
    std::string field;
    bool no_pager = false;
    // Tables without their heading and legend lines.
    bool no_legend = false;
    // tree: what holds the module instead of what it depends on.
    bool reverse = false;
    bool dry_run = false;
    bool no_deps = false;
    bool ignore_blacklist = false;
    bool ignore_install_commands = false;
    bool first_time = false;
    bool no_ask_password = false;
    // The argument is a module name or alias even if it looks like a path (units, scripts).
    bool name_only = false;
    // enable/disable/mask: also load/unload the module right away, like `systemctl enable --now`.
    bool now = false;
    // The commands that change something print nothing on stdout, only errors and warnings.
    bool quiet = false;
    // load: every argument is a module, none a parameter (modprobe -a).
    bool all = false;
    // devices: only those no driver is bound to.
    bool unbound = false;
    // load --for-device: the device (BUS/NAME) whose modalias says what to load; no MODULE then.
    std::string for_device;
    // --timeout: how long to wait for the answer to a change; none: as long as it takes.
    std::optional<std::chrono::seconds> timeout;

    // The flag bits of Load/LoadFile/Unload and the Set* methods (dbus/org.modmgr1.xml).
    uint64_t flags() const;
    // `target`, then `further_targets`.
    std::vector<std::string> targets() const;
};

// Help, version, or a usage error: print `text` (stdout when code is Ok, else stderr) and exit.
struct EarlyExit {
    ExitCode code;
    std::string text;
};

// Whether the calls that change something (Load, LoadFile, Unload, Set*) may let polkit ask the
// user for a password: only for the commands that make them, only on a terminal, never with
// --no-ask-password, and never with --host (the remote daemon's caller is the ssh session's
// bridge, which no local agent can answer for).
bool allows_interactive_authorization(const CommandLine& line, bool stdin_is_terminal);

// `arguments` excludes the program name.
std::variant<CommandLine, EarlyExit> parse_command_line(const std::vector<std::string>& arguments);

} // namespace modmgr
