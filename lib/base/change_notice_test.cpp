#include "base/change_notice.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "support/scratch_dir.h"

namespace modmgr {
namespace {

namespace fs = std::filesystem;

class ChangeNoticeTest : public ::testing::Test {
protected:
    ChangeNoticeTest() {
        root_.write("d/a.conf", "blacklist dummy\n");
        root_.write("target/real.conf", "blacklist ifb\n");
        fs::create_symlink(root_.file("target/real.conf"), root_.file("d/link.conf"));
        notice_.arm({root_.file("d"), root_.file("d/a.conf"), root_.file("d/link.conf"),
                     root_.file("absent/below")});
    }
    ScratchDir root_;
    ChangeNotice notice_;
};

TEST_F(ChangeNoticeTest, NothingChangedNothingFires) {
    EXPECT_FALSE(notice_.fired());
    EXPECT_FALSE(notice_.fired()) << "asking fired something";
}

TEST_F(ChangeNoticeTest, ReadingTheFilesFiresNothing) {
    for (const char* file : {"d/a.conf", "d/link.conf"}) {
        std::ifstream in(root_.file(file));
        std::string text{std::istreambuf_iterator<char>(in), {}};
    }
    EXPECT_EQ(std::distance(fs::directory_iterator(root_.file("d")), fs::directory_iterator{}), 2);
    EXPECT_FALSE(notice_.fired());
}

TEST_F(ChangeNoticeTest, AFileEditedInPlaceFires) {
    std::ofstream(root_.file("d/a.conf"), std::ios::app) << "blacklist ifb\n";
    EXPECT_TRUE(notice_.fired());
}

TEST_F(ChangeNoticeTest, AFileAddedToAWatchedDirectoryFires) {
    root_.write("d/b.conf", "");
    EXPECT_TRUE(notice_.fired());
}

TEST_F(ChangeNoticeTest, AnAbsentDirectoryCreatedFires) {
    fs::create_directory(root_.file("absent"));
    EXPECT_TRUE(notice_.fired());
}

TEST_F(ChangeNoticeTest, ARenameOverFires) {
    const std::string replacement = root_.write("elsewhere/a.conf", "blacklist dummy\n");
    fs::rename(replacement, root_.file("d/a.conf"));
    EXPECT_TRUE(notice_.fired());
}

TEST_F(ChangeNoticeTest, ASymlinkedFilesTargetEditedFires) {
    // The target's directory is not watched: only the symlink, followed, can tell.
    std::ofstream(root_.file("target/real.conf"), std::ios::app) << "blacklist dummy\n";
    EXPECT_TRUE(notice_.fired());
}

TEST_F(ChangeNoticeTest, ADanglingSymlinksTargetCreatedFires) {
    // Elsewhere: nothing else watched sees the target appear.
    ScratchDir elsewhere;
    fs::create_symlink(elsewhere.file("later/real.conf"), root_.file("d/dangling.conf"));
    notice_.arm({root_.file("d"), root_.file("d/dangling.conf")});
    elsewhere.write("later/real.conf", "blacklist dummy\n");
    EXPECT_TRUE(notice_.fired());
}

TEST_F(ChangeNoticeTest, FiredStaysFiredUntilArmedAgain) {
    root_.write("d/b.conf", "");
    EXPECT_TRUE(notice_.fired());
    EXPECT_TRUE(notice_.fired());
    notice_.arm({root_.file("d")});
    EXPECT_FALSE(notice_.fired()) << "the event before arming was not discarded";
    notice_.disarm();
    EXPECT_TRUE(notice_.fired());
}

TEST_F(ChangeNoticeTest, AnArmingLongerThanTheCapStaysFired) {
    std::vector<std::string> paths;
    for (size_t i = 0; i <= ChangeNotice::kMaxWatches; ++i)
        paths.push_back(root_.write("many/" + std::to_string(i), ""));
    notice_.arm(paths);
    EXPECT_TRUE(notice_.fired());
    notice_.arm({root_.file("d")});
    EXPECT_FALSE(notice_.fired()) << "the cap applies to one arming, not for good";
}

TEST(ChangeNoticeFallbackTest, WithoutAnInstanceItAlwaysFired) {
    ScratchDir root;
    ChangeNotice notice(-1);
    notice.arm({root.path()});
    EXPECT_TRUE(notice.fired());
    EXPECT_TRUE(notice.fired());
}

TEST(ChangeNoticeHoldsTest, AsksTheCheckOncePerArming) {
    ScratchDir root;
    ChangeNotice notice;
    uint64_t verified = 0;
    int checks = 0;
    bool result = false;
    const auto check = [&] {
        ++checks;
        return result;
    };
    notice.arm({root.path()});
    EXPECT_FALSE(notice.holds(verified, check));
    result = true;
    EXPECT_TRUE(notice.holds(verified, check));
    EXPECT_TRUE(notice.holds(verified, check));
    EXPECT_EQ(checks, 2);
    notice.arm({root.path()});
    EXPECT_TRUE(notice.holds(verified, check));
    EXPECT_EQ(checks, 3);
}

} // namespace
} // namespace modmgr
