#include "kernel/settled_read.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "support/scratch_dir.h"

namespace modmgr {
namespace {

// A test double of a procfs seq_file: at most a page per read() call, each made from the
// state of that moment. `states` are what the file holds at the start of each call: the
// last one stays.
class FakeSeqFile {
public:
    explicit FakeSeqFile(std::vector<std::string> states) : states_(std::move(states)) {}

    ReadAt reader() {
        return [this](char* buffer, size_t size, off_t offset) -> ssize_t {
            const std::string& now = states_[std::min(calls_, states_.size() - 1)];
            ++calls_;
            if (static_cast<size_t>(offset) >= now.size())
                return 0;
            const size_t n = std::min({size, kPage, now.size() - static_cast<size_t>(offset)});
            std::memcpy(buffer, now.data() + offset, n);
            return static_cast<ssize_t>(n);
        };
    }
    size_t calls() const { return calls_; }

    static constexpr size_t kPage = 4096;

private:
    std::vector<std::string> states_;
    size_t calls_ = 0;
};

// /proc/modules-like lines of 57 bytes, newest first, each module with `users` users: 150
// of them take three pages.
std::string modules(int count, int users = 0, int skip = -1) {
    std::string text;
    char line[96];
    for (int i = count - 1; i >= 0; --i)
        if (i != skip) {
            std::snprintf(line, sizeof line, "module_%03d 16384 %d dependency_a, Live 0xffffffffc0000000\n",
                          i, users);
            text += line;
        }
    return text;
}

TEST(SettledReadTest, AFileOfSeveralPagesComesWhole) {
    const std::string text = modules(150);
    ASSERT_GT(text.size(), 2 * FakeSeqFile::kPage);
    FakeSeqFile file({text});
    EXPECT_EQ(read_settled(file.reader(), 64 * 1024, 1 << 20), text);
}

TEST(SettledReadTest, AModuleRemovedBetweenTwoPagesDoesNotHideAnother) {
    // module_120 goes while the first reading is between its first and second page: that
    // reading skips the line of one that never left; the next two agree on the new state.
    const std::string before = modules(150), after = modules(150, 0, 120);
    FakeSeqFile file({before, after});
    const auto read = read_settled(file.reader(), 64 * 1024, 1 << 20);
    ASSERT_TRUE(read);
    EXPECT_EQ(*read, after);
}

TEST(SettledReadTest, AFileOfOnePageIsReadOnce) {
    const std::string text = modules(20);
    ASSERT_LT(text.size(), FakeSeqFile::kPage);
    FakeSeqFile file({text});
    EXPECT_EQ(read_settled(file.reader(), 64 * 1024, 1 << 20), text);
    EXPECT_EQ(file.calls(), 2u);  // the text, then its end
}

TEST(SettledReadTest, AFileThatNeverSettlesGivesItsLastReadingAfterABoundedNumber) {
    // The use counts change on every call, round three states: no two readings agree.
    const std::vector<std::string> states = {modules(150, 0), modules(150, 1), modules(150, 2)};
    std::vector<std::string> calls;
    for (int i = 0; i < 100; ++i)
        calls.push_back(states[i % 3]);
    FakeSeqFile file(calls);
    const auto read = read_settled(file.reader(), 64 * 1024, 1 << 20);
    ASSERT_TRUE(read);
    // A reading is four calls (three pages and the end), so the last of kMaxSettledReadings
    // readings took its pages from calls 16, 17 and 18.
    const size_t page = FakeSeqFile::kPage;
    EXPECT_EQ(file.calls(), 4u * kMaxSettledReadings);
    EXPECT_EQ(*read, states[16 % 3].substr(0, page) + states[17 % 3].substr(page, page) +
                         states[18 % 3].substr(2 * page));
}

TEST(SettledReadTest, AFailedReadIsNulloptWithItsErrno) {
    const ReadAt failing = [](char*, size_t, off_t) -> ssize_t {
        errno = EIO;
        return -1;
    };
    errno = 0;
    EXPECT_FALSE(read_settled(failing, 4096, 1 << 20));
    EXPECT_EQ(errno, EIO);
}

TEST(SettledReadTest, AReadingOverItsBoundIsRefused) {
    FakeSeqFile file({modules(150)});
    errno = 0;
    EXPECT_FALSE(read_settled(file.reader(), 64 * 1024, 2 * FakeSeqFile::kPage));
    EXPECT_EQ(errno, EFBIG);
}

TEST(SettledReadTest, ARegularFileIsReadWholeAndAMissingOneIsNulloptWithErrno) {
    ScratchDir dir;
    const std::string text(100000, 'x');
    dir.write("state", text);
    EXPECT_EQ(read_settled(dir.file("state"), 64 * 1024), text);
    errno = 0;
    EXPECT_FALSE(read_settled(dir.file("gone"), 64 * 1024));
    EXPECT_EQ(errno, ENOENT);
}

} // namespace
} // namespace modmgr
