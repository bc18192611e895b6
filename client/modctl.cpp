// modctl: the command-line client of modmgrd. Every failure ends as one line on stderr and an
// exit code from exit_codes.h, never as an exception trace.
#include <unistd.h>

#include "command_line.h"
#include "commands.h"
#include "error_message.h"
#include "exit_codes.h"
#include "text_output.h"

namespace {

using modmgr::TextOutput;
TextOutput out(STDOUT_FILENO, TextOutput::Buffering::UntilFlush);
TextOutput messages(STDERR_FILENO, TextOutput::Buffering::None);

int fail(const modmgr::CommandFailure& failure) {
    modmgr::report_failure(failure, out, messages);
    return static_cast<int>(failure.code());
}

} // namespace

int main(int argc, char** argv) {
    using namespace modmgr;
    const auto parsed = parse_command_line(std::vector<std::string>(argv + 1, argv + argc));
    if (const auto* early = std::get_if<EarlyExit>(&parsed)) {
        (early->code == ExitCode::Ok ? out : messages) << early->text;
        return static_cast<int>(early->code);
    }
    try {
        const ExitCode code =
            run_command(std::get<CommandLine>(parsed), ::isatty(STDIN_FILENO) == 1,
                        ::isatty(STDERR_FILENO) == 1, out, messages);
        out.flush();
        return out.ok() ? static_cast<int>(code)
                        : fail({ExitCode::Failure, "cannot write the output"});
    } catch (const std::exception&) {
        return fail(current_failure());
    }
}
