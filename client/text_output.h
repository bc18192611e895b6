#pragma once
// Where modctl writes its output and its messages: a file descriptor, written with write(2).
// Not an iostream: linking any makes every run construct the standard streams and the locale
// with all its facets before main() (issue 12: in the QEMU guest, where a process pays for each
// piece of code it runs, about 15 ms of each run). Not stdio either: its FILE machinery
// (allocating a buffer, overflowing it, flushing it at exit) is some hundred pieces of code
// more in every run, and modctl writes each result in one piece anyway.
#include <string>
#include <string_view>

namespace modmgr {

// Writes all of `text` to `fd`: a pipe or a terminal may take part of it, a signal may interrupt
// it. False when a write fails.
bool write_all(int fd, std::string_view text);

class TextOutput {
public:
    enum class Buffering {
        // Kept until flush() (or the end of the program): the output, written in one piece.
        UntilFlush,
        // Written at once, as stdio's stderr is: messages keep their place beside whatever
        // else the terminal shows (a password prompt, the output flushed later).
        None,
    };

    TextOutput(int fd, Buffering buffering) : fd_(fd), buffering_(buffering) {}
    ~TextOutput() { flush(); }
    TextOutput(const TextOutput&) = delete;
    TextOutput& operator=(const TextOutput&) = delete;

    TextOutput& operator<<(std::string_view text);
    TextOutput& operator<<(char c) { return *this << std::string_view(&c, 1); }
    void flush();
    // False once a write failed (a full disk, a closed pipe); what was pending then is dropped.
    bool ok() const { return ok_; }
    int fd() const { return fd_; }

private:
    int fd_;
    Buffering buffering_;
    std::string pending_;
    bool ok_ = true;
};

} // namespace modmgr
