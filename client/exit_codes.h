#pragma once
// modctl's exit codes: ONE table, from which both the error mapping and `modctl --help` are
// built, so the documentation cannot drift from the behaviour scripts rely on.
#include <stdexcept>
#include <string>
#include <vector>

namespace modmgr {

enum class ExitCode : int {
    Ok = 0,
    Failure = 1,
    Usage = 2,
    NotAuthorized = 3,
    NotFound = 4,
    InUse = 5,
    Blacklisted = 6,
    AlreadyLoaded = 7,
    KernelRefused = 8,
    DaemonUnreachable = 9,
    Builtin = 10,
    Overridden = 11,
    ParametersNotApplied = 12,
    StoppedWaiting = 13,
    Masked = 14,
    ModulesDisabled = 15,
};

struct ExitCodeEntry {
    ExitCode code;
    const char* meaning;
    // D-Bus error names that end a command with this code.
    std::vector<std::string> error_names;
};

const std::vector<ExitCodeEntry>& exit_code_table();

// The exit code for a D-Bus error name; names not in the table are ExitCode::Failure.
ExitCode exit_code_for_error(const std::string& error_name);

// The "Exit status" section of `modctl --help`.
std::string exit_codes_help();

// A failure modctl reports itself: one line for stderr and the exit code to end with.
class CommandFailure : public std::runtime_error {
public:
    CommandFailure(ExitCode code, const std::string& message)
        : std::runtime_error(message), code_(code) {}
    ExitCode code() const { return code_; }

private:
    ExitCode code_;
};

} // namespace modmgr
