#include "kernel/read_at_once.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "support/scratch_dir.h"

namespace modmgr {
namespace {

TEST(ReadAtOnceTest, AFileLongerThanTheFirstReadComesWholeAtItsOwnSize) {
    ScratchDir dir;
    const std::string text(10000, 'x');
    dir.write("long", text);
    const auto read = read_at_once(dir.file("long"), 4096);
    ASSERT_TRUE(read);
    EXPECT_EQ(*read, text);
    EXPECT_LT(read->capacity(), 2 * text.size());
    EXPECT_EQ(read_at_once(dir.file("long"), 64 * 1024), text);
}

TEST(ReadAtOnceTest, AMissingFileIsNulloptWithErrnoSet) {
    ScratchDir dir;
    errno = 0;
    EXPECT_FALSE(read_at_once(dir.file("gone"), 4096));
    EXPECT_EQ(errno, ENOENT);
}

TEST(ReadAtOnceTest, AnOpenFileOverItsBoundIsRefusedAndOneAtItIsRead) {
    ScratchDir dir;
    dir.write("exact", std::string(5000, 'x'));
    dir.write("over", std::string(5001, 'x'));
    const int exact = ::open(dir.file("exact").c_str(), O_RDONLY | O_CLOEXEC);
    const int over = ::open(dir.file("over").c_str(), O_RDONLY | O_CLOEXEC);
    EXPECT_EQ(read_at_once(exact, 4096, 5000), std::string(5000, 'x'));
    errno = 0;
    EXPECT_FALSE(read_at_once(over, 4096, 5000));
    EXPECT_EQ(errno, EFBIG);
    ::close(exact);
    ::close(over);
}

} // namespace
} // namespace modmgr
