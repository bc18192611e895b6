#include "error_message.h"

#include "bus_error.h"
#include "terminal_style.h"
#include "wire_contract.h"

namespace modmgr {

namespace {

// A remote message may span lines (a Python traceback, a kernel reason); modctl prints one.
std::string one_line(const std::string& message) {
    std::string line;
    bool pending_space = false;
    for (const char c : message) {
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            pending_space = !line.empty();
            continue;
        }
        if (pending_space)
            line += ' ';
        pending_space = false;
        line += c;
    }
    return line;
}

std::string with_detail(const std::string& what, const std::string& message) {
    return message.empty() ? what : what + ": " + message;
}

// `word` as a shell reads it back: in single quotes unless it needs none.
std::string shell_word(const std::string& word) {
    const bool plain = !word.empty() && word.find_first_not_of(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.,=:/+-@%") == std::string::npos;
    if (plain)
        return word;
    std::string quoted = "'";
    for (const char c : word)
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

} // namespace

CommandFailure failure_from_bus_error(const std::string& error_name,
                                      const std::string& raw_message) {
    const std::string message = one_line(raw_message);
    const ExitCode code = exit_code_for_error(error_name);
    if (error_name == wire::error::kInteractiveAuthorizationRequired)
        return {code, with_detail("authentication required", message) +
                          " (use a terminal or drop --no-ask-password)"};
    if (error_name == wire::error::kAccessDenied)
        return {code, with_detail("not authorized", message)};
    if (error_name == wire::error::kInvalidArgs)
        return {code, with_detail("invalid argument", message)};
    if (code == ExitCode::DaemonUnreachable)
        return {code, with_detail("cannot reach modmgrd", message)};
    // The daemon's own errors carry messages written for people; the kind is only a fallback.
    const std::string prefix = wire::error::kPrefix;
    if (error_name.rfind(prefix, 0) == 0)
        return {code, message.empty() ? error_name.substr(prefix.size()) : message};
    return {code, message.empty() ? error_name : message + " (" + error_name + ")"};
}

CommandFailure current_failure() {
    try {
        throw;
    } catch (const CommandFailure& failure) {
        return failure;
    } catch (const BusError& error) {
        return failure_from_bus_error(error.name(), error.message());
    } catch (const std::exception& error) {
        return {ExitCode::Failure, error.what()};
    }
}

void report_error_line(std::string_view line, TextOutput& messages) {
    messages << terminal_style_for(messages.fd()).paint(line, Tone::Error) << '\n';
}

void report_failure(const CommandFailure& failure, TextOutput& out, TextOutput& messages) {
    out.flush();
    report_error_line(std::string("modctl: ") + failure.what(), messages);
}

CommandFailure load_failure_from_bus_error(const std::string& error_name, const std::string& message,
                                           const std::string& module,
                                           const std::vector<std::string>& parameters) {
    const CommandFailure failure = failure_from_bus_error(error_name, message);
    if (error_name == wire::error::kBlacklisted)
        return {failure.code(),
                std::string(failure.what()) + " (use --ignore-blacklist to load it anyway)"};
    if (error_name != wire::error::kParametersNotApplied)
        return failure;
    std::string options = "modctl options " + shell_word(module);
    for (const auto& parameter : parameters)
        options += " " + shell_word(parameter);
    return {failure.code(), std::string(failure.what()) + "; to apply them: modctl unload " +
                                shell_word(module) + ", then load it again; for its next loads: " +
                                options};
}

} // namespace modmgr
