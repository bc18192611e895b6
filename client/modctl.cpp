// modctl: the command-line client of modmgrd. Every failure ends as one line on stderr and an
// exit code from exit_codes.h, never as an exception trace.
#include <unistd.h>

#include <cstdlib>
#include <optional>

#include "command_line.h"
#include "commands.h"
#include "completion_command.h"
#include "error_message.h"
#include "exit_codes.h"
#include "pager.h"
#include "terminal_style.h"
#include "text_output.h"

namespace {

using modmgr::TextOutput;
TextOutput out(STDOUT_FILENO, TextOutput::Buffering::UntilFlush);
TextOutput messages(STDERR_FILENO, TextOutput::Buffering::None);

int fail(const modmgr::CommandFailure& failure) {
    modmgr::report_failure(failure, out, messages);
    return static_cast<int>(failure.code());
}

// The pager for this command's output, if it gets one.
std::optional<std::vector<std::string>> chosen_pager(const modmgr::CommandLine& line) {
    if (line.no_pager || !modmgr::pages_output(line.command))
        return std::nullopt;
    return modmgr::pager_command(::isatty(STDOUT_FILENO) == 1 && ::isatty(STDERR_FILENO) == 1,
                                 std::getenv("TERM"), std::getenv("MODCTL_PAGER"),
                                 std::getenv("PAGER"));
}

} // namespace

int main(int argc, char** argv) {
    using namespace modmgr;
    if (argc > 1 && std::string(argv[1]) == kCompleteCommand) {
        run_completion(std::vector<std::string>(argv + 2, argv + argc), out);
        out.flush();
        return static_cast<int>(ExitCode::Ok);
    }
    const auto parsed = parse_command_line(std::vector<std::string>(argv + 1, argv + argc));
    if (const auto* early = std::get_if<EarlyExit>(&parsed)) {
        if (early->code == ExitCode::Ok)
            out << early->text;
        else
            report_error_line(early->text.substr(0, early->text.find_last_not_of('\n') + 1),
                              messages);
        return static_cast<int>(early->code);
    }
    const auto& line = std::get<CommandLine>(parsed);
    try {
        const ExitCode code =
            run_command(line, ::isatty(STDIN_FILENO) == 1, ::isatty(STDERR_FILENO) == 1,
                        terminal_style_for(STDOUT_FILENO), out, messages);
        // The output is complete: only now, if at all, does a pager take the terminal.
        std::optional<Pager> pager;
        if (const auto command = chosen_pager(line))
            pager.emplace(*command);
        out.flush();
        // A person who quits the pager before the end has read what they wanted.
        return out.ok() || pager ? static_cast<int>(code)
                                 : fail({ExitCode::Failure, "cannot write the output"});
    } catch (const std::exception&) {
        return fail(current_failure());
    }
}
