#include "exit_codes.h"

#include <cstdio>

#include "wire_contract.h"

namespace modmgr {

const std::vector<ExitCodeEntry>& exit_code_table() {
    static const std::vector<ExitCodeEntry> table = {
        {ExitCode::Ok, "success", {}},
        {ExitCode::Failure, "any other failure", {wire::error::kFailed}},
        {ExitCode::Usage,
         "invalid command line or argument",
         {wire::error::kInvalidArgument, wire::error::kInvalidArgs}},
        {ExitCode::NotAuthorized,
         "not authorized (polkit said no, or needs a password it cannot ask for)",
         {wire::error::kAccessDenied,
          wire::error::kInteractiveAuthorizationRequired}},
        {ExitCode::NotFound,
         "no such module, alias or file; or the module is not loaded",
         {wire::error::kNotFound, wire::error::kNotLoaded}},
        {ExitCode::InUse, "the module is in use", {wire::error::kInUse}},
        {ExitCode::Blacklisted, "the module is blacklisted", {wire::error::kBlacklisted}},
        {ExitCode::AlreadyLoaded,
         "already loaded (with --first-time)",
         {wire::error::kAlreadyLoaded}},
        {ExitCode::KernelRefused,
         "the kernel refused to load or unload the module",
         {wire::error::kKernelRefused}},
        {ExitCode::DaemonUnreachable,
         "modmgrd or the system bus cannot be reached",
         {"org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner",
          "org.freedesktop.DBus.Error.NoServer", "org.freedesktop.DBus.Error.NoReply",
          "org.freedesktop.DBus.Error.Timeout", "org.freedesktop.DBus.Error.Disconnected"}},
        {ExitCode::Builtin,
         "the module is built into the kernel: it cannot be unloaded, configured or given "
         "parameters",
         {wire::error::kBuiltin}},
        {ExitCode::Overridden,
         "a configuration file modmgrd does not manage, or the kernel command line, decides "
         "otherwise",
         {wire::error::kOverridden}},
        {ExitCode::ParametersNotApplied,
         "the module is loaded already, with other parameter values: they were not applied",
         {wire::error::kParametersNotApplied}},
        {ExitCode::StoppedWaiting,
         "modctl stopped waiting for modmgrd (--timeout): the change may still complete",
         {}},
        {ExitCode::Masked,
         "the module, or a module it needs, is masked: nothing loads it (modctl unmask)",
         {wire::error::kMasked}},
        {ExitCode::ModulesDisabled,
         "kernel.modules_disabled is set: no module can be loaded or unloaded until reboot",
         {wire::error::kModulesDisabled}},
    };
    return table;
}

ExitCode exit_code_for_error(const std::string& error_name) {
    for (const auto& entry : exit_code_table())
        for (const auto& name : entry.error_names)
            if (name == error_name)
                return entry.code;
    return ExitCode::Failure;
}

std::string exit_codes_help() {
    std::string text = "EXIT STATUS:\n";
    for (const auto& entry : exit_code_table()) {
        char line[160];
        std::snprintf(line, sizeof line, "  %2d  %s\n", static_cast<int>(entry.code), entry.meaning);
        text += line;
    }
    return text;
}

} // namespace modmgr
