#include "pager.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "support/scratch_dir.h"
#include "text_output.h"

namespace modmgr {
namespace {

using Argv = std::vector<std::string>;

TEST(PagerCommand, LessUnlessAVariableSaysOtherwise) {
    EXPECT_EQ(pager_command(true, "xterm", nullptr, nullptr), Argv{"less"});
    EXPECT_EQ(pager_command(true, "xterm", nullptr, "most"), Argv{"most"});
    EXPECT_EQ(pager_command(true, "xterm", "less -S", "most"), (Argv{"less", "-S"}));
}

TEST(PagerCommand, NoneOffATerminalOrOnADumbOne) {
    EXPECT_EQ(pager_command(false, "xterm", nullptr, nullptr), std::nullopt);
    EXPECT_EQ(pager_command(true, "dumb", nullptr, nullptr), std::nullopt);
    EXPECT_EQ(pager_command(true, nullptr, nullptr, nullptr), std::nullopt);
    EXPECT_EQ(pager_command(true, "", "less", nullptr), std::nullopt);
}

TEST(PagerCommand, EmptyBlankOrCatDisablesIt) {
    EXPECT_EQ(pager_command(true, "xterm", "", "less"), std::nullopt);
    EXPECT_EQ(pager_command(true, "xterm", "  ", "less"), std::nullopt);
    EXPECT_EQ(pager_command(true, "xterm", "cat", "less"), std::nullopt);
    EXPECT_EQ(pager_command(true, "xterm", nullptr, "cat"), std::nullopt);
    EXPECT_EQ(pager_command(true, "xterm", nullptr, ""), std::nullopt);
    // An empty MODCTL_PAGER decides, whatever PAGER says; cat with arguments is a pager.
    EXPECT_EQ(pager_command(true, "xterm", "cat -n", nullptr), (Argv{"cat", "-n"}));
}

TEST(PagerCommand, ShellSyntaxRunsThroughTheShell) {
    EXPECT_EQ(pager_command(true, "xterm", "less | tee /tmp/x", nullptr),
              (Argv{"/bin/sh", "-c", "less | tee /tmp/x"}));
    EXPECT_EQ(pager_command(true, "xterm", nullptr, "LESS=S less"),
              (Argv{"/bin/sh", "-c", "LESS=S less"}));
    EXPECT_EQ(pager_command(true, "xterm", "'my pager'", nullptr),
              (Argv{"/bin/sh", "-c", "'my pager'"}));
}

std::string contents(const std::string& path) {
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

TEST(Pager, ReadsWhatIsWrittenOnStdoutWithLessOptionsSet) {
    ScratchDir dir;
    const std::string file = dir.path() + "/paged";
    ::unsetenv("LESS");
    {
        Pager pager({"/bin/sh", "-c", "{ echo \"LESS=$LESS\"; tr a-z A-Z; } > " + file});
        ASSERT_TRUE(write_all(STDOUT_FILENO, "paged text\n"));
    }
    EXPECT_EQ(contents(file), "LESS=FRXMK\nPAGED TEXT\n");
}

TEST(Pager, KeepsTheUsersLess) {
    ScratchDir dir;
    const std::string file = dir.path() + "/paged";
    ::setenv("LESS", "S", 1);
    {
        Pager pager({"/bin/sh", "-c", "echo \"LESS=$LESS\" > " + file});
    }
    ::unsetenv("LESS");
    EXPECT_EQ(contents(file), "LESS=S\n");
}

TEST(Pager, QuittingEarlyIsAFailedWriteNotADeathBySigpipe) {
    Pager pager({"true"});
    // More than a pipe holds, to a reader that is gone: without SIGPIPE ignored, the test
    // process would die here.
    const std::string text(1 << 20, 'x');
    EXPECT_FALSE(write_all(STDOUT_FILENO, text));
    pager.finish();
    EXPECT_EQ(::signal(SIGPIPE, SIG_DFL), SIG_DFL);
}

TEST(Pager, StdoutIsGivenBackWhenItEnds) {
    const int before = ::dup(STDOUT_FILENO);
    struct stat original {};
    ::fstat(before, &original);
    {
        Pager pager({"true"});
    }
    struct stat after {};
    ::fstat(STDOUT_FILENO, &after);
    EXPECT_EQ(original.st_ino, after.st_ino);
    EXPECT_EQ(original.st_dev, after.st_dev);
    ::close(before);
}

} // namespace
} // namespace modmgr
