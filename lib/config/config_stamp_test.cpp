#include "config/config_stamp.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "support/scratch_dir.h"

namespace modmgr {
namespace {

namespace fs = std::filesystem;

// Edits change the size: an in-place edit of the same size within one timestamp tick is the
// documented blind spot, and a test must not depend on the clock advancing.
class ConfigStampTest : public ::testing::Test {
protected:
    ConfigStampTest() {
        root_.write("d/a.conf", "blacklist dummy\n");
        stamp_.add(root_.file("d"));
        stamp_.add(root_.file("d/a.conf"));
        stamp_.add(root_.file("absent"));
    }
    ScratchDir root_;
    ConfigStamp stamp_;
};

TEST_F(ConfigStampTest, UntouchedIsCurrent) {
    EXPECT_TRUE(stamp_.current());
    EXPECT_TRUE(stamp_.current()) << "looking changed something";
}

TEST_F(ConfigStampTest, AFileEditedInPlaceIsStale) {
    root_.write("d/a.conf", "blacklist dummy\nblacklist ifb\n");
    EXPECT_FALSE(stamp_.current());
}

TEST_F(ConfigStampTest, AFileAddedToADirectoryIsStale) {
    root_.write("d/b.conf", "");
    EXPECT_FALSE(stamp_.current());
}

TEST_F(ConfigStampTest, AFileRemovedIsStale) {
    fs::remove(root_.file("d/a.conf"));
    EXPECT_FALSE(stamp_.current());
}

TEST_F(ConfigStampTest, AFileRenamedOverIsStaleEvenWithTheSameText) {
    // From outside the stamped directory, so only the file's own status can tell.
    const std::string replacement = root_.write("elsewhere/a.conf", "blacklist dummy\n");
    fs::rename(replacement, root_.file("d/a.conf"));
    EXPECT_FALSE(stamp_.current());
}

TEST_F(ConfigStampTest, AnAbsentPathThatAppearsIsStale) {
    root_.write("absent", "");
    EXPECT_FALSE(stamp_.current());
}

TEST(ConfigStampErrorTest, APathThatCannotBeStatedIsNeverCurrent) {
    ScratchDir root;
    ConfigStamp stamp;
    stamp.add(root.write("file", "") + "/below"); // ENOTDIR, not absent
    EXPECT_FALSE(stamp.current());
}

} // namespace
} // namespace modmgr
