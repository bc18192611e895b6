#pragma once
// modctl's command line: what to do, and the flags that go on the wire.
#include <cstdint>
#include <string>
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
    Options,
    Enable,
    Disable,
    Config,
};

// The commands that change modmgrd's persistent configuration (SetBlacklisted, SetOptions,
// SetLoadAtBoot).
bool changes_configuration(Command command);

struct CommandLine {
    Command command = Command::List;
    std::string target; // NAME, ALIAS or PATH; empty for list
    // load's PARAM=VALUE and options' KEY=VALUE, passed through unchanged
    std::vector<std::string> parameters;
    // [USER@]HOST to run on over ssh; empty for this machine.
    std::string host;
    bool json = false;
    bool dry_run = false;
    bool no_deps = false;
    bool ignore_blacklist = false;
    bool ignore_install_commands = false;
    bool first_time = false;
    bool no_ask_password = false;
    // The argument is a module name or alias even if it looks like a path (units, scripts).
    bool name_only = false;
    // enable/disable: also load/unload the module right away, like `systemctl enable --now`.
    bool now = false;

    // The flag bits of Load/LoadFile/Unload and the Set* methods (dbus/org.modmgr1.xml).
    uint64_t flags() const;
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
