#pragma once
// Where modctl writes its output and its messages: a stdio stream, not an iostream. modctl
// runs once per command, and linking any iostream makes every run construct the standard
// streams and the locale with all its facets before main() (issue 12: in the QEMU guest,
// where a process pays for each piece of code it runs, about 15 ms of each run).
#include <cstdio>
#include <string_view>

namespace modmgr {

class TextOutput {
public:
    explicit TextOutput(std::FILE* file) : file_(file) {}

    TextOutput& operator<<(std::string_view text) {
        std::fwrite(text.data(), 1, text.size(), file_);
        return *this;
    }
    TextOutput& operator<<(char c) {
        std::fputc(c, file_);
        return *this;
    }
    void flush() { std::fflush(file_); }
    // False once a write failed (a full disk, a closed pipe): stdio keeps the error.
    bool ok() const { return std::ferror(file_) == 0; }

private:
    std::FILE* file_;
};

} // namespace modmgr
