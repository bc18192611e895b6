#include "text_output.h"

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace modmgr {
namespace {

// A pipe whose read end never blocks: what has not been written reads as nothing.
class Pipe {
public:
    Pipe() {
        EXPECT_EQ(::pipe2(fds_, O_CLOEXEC | O_NONBLOCK), 0);
    }
    ~Pipe() {
        ::close(fds_[0]);
        ::close(fds_[1]);
    }
    int read_end() const { return fds_[0]; }
    int write_end() const { return fds_[1]; }
    std::string written() const {
        std::string text;
        char buffer[256];
        ssize_t n;
        while ((n = ::read(fds_[0], buffer, sizeof buffer)) > 0)
            text.append(buffer, static_cast<size_t>(n));
        return text;
    }

private:
    int fds_[2] = {-1, -1};
};

TEST(TextOutput, KeepsTheOutputUntilFlushed) {
    Pipe pipe;
    TextOutput out(pipe.write_end(), TextOutput::Buffering::UntilFlush);
    out << "filename: " << "x.ko" << '\n';
    EXPECT_EQ(pipe.written(), "");
    out.flush();
    EXPECT_EQ(pipe.written(), "filename: x.ko\n");
    EXPECT_TRUE(out.ok());
}

TEST(TextOutput, WritesWhatIsLeftWhenItEnds) {
    Pipe pipe;
    {
        TextOutput out(pipe.write_end(), TextOutput::Buffering::UntilFlush);
        out << "help text\n";
    }
    EXPECT_EQ(pipe.written(), "help text\n");
}

TEST(TextOutput, UnbufferedWritesAtOnce) {
    Pipe pipe;
    TextOutput messages(pipe.write_end(), TextOutput::Buffering::None);
    messages << "modctl: " << "warning" << '\n';
    EXPECT_EQ(pipe.written(), "modctl: warning\n");
}

// The read end of a pipe cannot be written to: every write fails, as on a full disk.
TEST(TextOutput, AFailedWriteIsKept) {
    Pipe pipe;
    TextOutput out(pipe.read_end(), TextOutput::Buffering::UntilFlush);
    out << "lost";
    EXPECT_TRUE(out.ok());
    out.flush();
    EXPECT_FALSE(out.ok());
    out.flush();
    EXPECT_FALSE(out.ok());
    TextOutput messages(pipe.read_end(), TextOutput::Buffering::None);
    messages << "lost";
    EXPECT_FALSE(messages.ok());
}

} // namespace
} // namespace modmgr
