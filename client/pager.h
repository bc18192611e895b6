#pragma once
// Long output on a terminal goes through a pager, as systemctl's does (systemd's pager.c):
// $MODCTL_PAGER, else $PAGER, else less; less gets LESS=FRXMK when LESS is unset, so output that
// fits the screen is printed as it is (F), colours pass (R), the screen is not cleared (X) and
// Ctrl-C quits (K). modctl starts it only once its output is complete: errors, password prompts
// and the work before it never reach the pager.
#include <signal.h>
#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace modmgr {

// The pager's argv, or none: not on a terminal (stdout and stderr, as systemd asks, so that
// redirecting either one is a script's run), TERM unset or "dumb", or the chosen variable empty,
// blank or "cat". A value with shell syntax in it (quotes, $, |, ...) runs through /bin/sh -c,
// anything else is split at blanks and run directly. Variables are passed in (nullptr: unset).
std::optional<std::vector<std::string>> pager_command(bool on_terminal, const char* term,
                                                      const char* modctl_pager, const char* pager);

// A running pager, reading what this process writes on its stdout.
class Pager {
public:
    // Starts `command` (falling back to less, more, and at last a plain copy when it cannot be
    // run) with a pipe as its stdin, and puts that pipe on this process's stdout. While it runs,
    // SIGPIPE and SIGINT are ignored here: a person who quits the pager early or presses Ctrl-C
    // in it has not made modctl fail.
    explicit Pager(const std::vector<std::string>& command);
    // finish().
    ~Pager();
    Pager(const Pager&) = delete;
    Pager& operator=(const Pager&) = delete;

    // Gives stdout back (the pager reads end of file), waits until the pager exits, and
    // restores SIGPIPE and SIGINT.
    void finish();

private:
    pid_t pid_ = -1;
    int saved_stdout_ = -1;
    sighandler_t previous_sigpipe_ = SIG_DFL;
    sighandler_t previous_sigint_ = SIG_DFL;
};

} // namespace modmgr
