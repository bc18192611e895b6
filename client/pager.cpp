#include "pager.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "exit_codes.h"
#include "text_output.h"

namespace modmgr {

namespace {

constexpr std::string_view kBlanks = " \t\n";
// What makes a command line more than words: the shell has to read it.
constexpr std::string_view kShellSyntax = "|&;<>()$`\\\"'*?[]{}#~=";

std::vector<std::string> words(std::string_view text) {
    std::vector<std::string> result;
    while (true) {
        const auto start = text.find_first_not_of(kBlanks);
        if (start == std::string_view::npos)
            return result;
        text.remove_prefix(start);
        const auto end = std::min(text.find_first_of(kBlanks), text.size());
        result.emplace_back(text.substr(0, end));
        text.remove_prefix(end);
    }
}

// After fork, in the child: whatever can show the text, else the text itself.
[[noreturn]] void run_pager(const std::vector<std::string>& command, int read_end, pid_t parent) {
    ::dup2(read_end, STDIN_FILENO);
    ::close(read_end);
    // The pager must not outlive modctl if modctl is killed; if it already died, stop here.
    if (::prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || ::getppid() != parent)
        ::_exit(EXIT_FAILURE);
    ::setenv("LESS", "FRXMK", 0);
    std::vector<char*> argv;
    for (const auto& word : command)
        argv.push_back(const_cast<char*>(word.c_str()));
    argv.push_back(nullptr);
    ::execvp(argv[0], argv.data());
    ::execlp("less", "less", static_cast<char*>(nullptr));
    ::execlp("more", "more", static_cast<char*>(nullptr));
    char buffer[65536];
    while (true) {
        const ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            ::_exit(got == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
        if (!write_all(STDOUT_FILENO, std::string_view(buffer, static_cast<size_t>(got))))
            ::_exit(EXIT_FAILURE);
    }
}

} // namespace

std::optional<std::vector<std::string>> pager_command(bool on_terminal, const char* term,
                                                      const char* modctl_pager, const char* pager) {
    if (!on_terminal || !term || !*term || std::strcmp(term, "dumb") == 0)
        return std::nullopt;
    const std::string_view chosen = modctl_pager ? modctl_pager : pager ? pager : "less";
    auto argv = words(chosen);
    if (argv.empty() || (argv.size() == 1 && argv[0] == "cat"))
        return std::nullopt;
    if (chosen.find_first_of(kShellSyntax) != std::string_view::npos)
        return std::vector<std::string>{"/bin/sh", "-c", std::string(chosen)};
    return argv;
}

Pager::Pager(const std::vector<std::string>& command) {
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC) < 0)
        throw CommandFailure(ExitCode::Failure,
                             std::string("cannot start the pager: ") + std::strerror(errno));
    const pid_t parent = ::getpid();
    pid_ = ::fork();
    if (pid_ == 0) {
        ::close(ends[1]);
        run_pager(command, ends[0], parent);
    }
    const int fork_errno = errno;
    ::close(ends[0]);
    if (pid_ < 0) {
        ::close(ends[1]);
        throw CommandFailure(ExitCode::Failure,
                             std::string("cannot start the pager: ") + std::strerror(fork_errno));
    }
    previous_sigpipe_ = ::signal(SIGPIPE, SIG_IGN);
    previous_sigint_ = ::signal(SIGINT, SIG_IGN);
    saved_stdout_ = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
    ::dup2(ends[1], STDOUT_FILENO);
    ::close(ends[1]);
}

Pager::~Pager() {
    finish();
}

void Pager::finish() {
    if (pid_ < 0)
        return;
    if (saved_stdout_ >= 0) {
        ::dup2(saved_stdout_, STDOUT_FILENO);
        ::close(saved_stdout_);
    } else {
        ::close(STDOUT_FILENO);
    }
    // A pager stopped by the terminal (Ctrl-Z) would wait for ever for its end of file.
    ::kill(pid_, SIGCONT);
    while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    ::signal(SIGPIPE, previous_sigpipe_);
    ::signal(SIGINT, previous_sigint_);
}

} // namespace modmgr
