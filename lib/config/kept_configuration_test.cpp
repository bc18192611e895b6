#include "config/kept_configuration.h"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>

#include "base/module_error.h"
#include "support/scratch_dir.h"

namespace modmgr {
namespace {

class KeptConfigurationTest : public ::testing::Test {
protected:
    ScratchDir root_;
    ConfigLayout layout_ = ConfigLayout::under(root_.path());
    int readings_ = 0;
    bool fail_ = false;
    std::function<void()> after_reading_ = [] {};
    KeptConfiguration kept_{layout_, [this](const ConfigLayout& layout) {
                                ++readings_;
                                if (fail_)
                                    throw ModuleError(ErrorCode::Failed, "unreadable");
                                ConfigIndex index = ConfigIndex::read(layout);
                                after_reading_();
                                return index;
                            }};
};

TEST_F(KeptConfigurationTest, ReadsAgainOnlyWhenAFileChanged) {
    root_.write("etc/modprobe.d/dummy.conf", "options dummy numdummies=2\n");
    EXPECT_EQ(kept_.current().of("dummy").options, std::vector<std::string>{"numdummies=2"});
    EXPECT_EQ(kept_.current().of("dummy").options, std::vector<std::string>{"numdummies=2"});
    EXPECT_EQ(readings_, 1);
    root_.write("etc/modprobe.d/other.conf", "blacklist dummy\n"); // a new file
    EXPECT_TRUE(kept_.current().of("dummy").blacklisted);
    EXPECT_EQ(readings_, 2);
}

TEST_F(KeptConfigurationTest, AFailedReadingIsTriedAgain) {
    kept_.current();
    root_.write("etc/modprobe.d/dummy.conf", "options dummy numdummies=2\n");
    fail_ = true;
    EXPECT_THROW(kept_.current(), ModuleError);
    fail_ = false;
    EXPECT_EQ(kept_.current().of("dummy").options, std::vector<std::string>{"numdummies=2"});
    EXPECT_EQ(readings_, 3);
}

TEST_F(KeptConfigurationTest, AChangeMadeWhileReadingIsReadAfterwards) {
    root_.write("etc/modprobe.d/dummy.conf", "options dummy numdummies=2\n");
    // Made after the reading, before anything watches the file: only the check that follows
    // the arming can tell.
    after_reading_ = [this] {
        if (readings_ == 1)
            root_.write("etc/modprobe.d/dummy.conf", "options dummy numdummies=30\n");
    };
    kept_.current();
    EXPECT_EQ(kept_.current().of("dummy").options, std::vector<std::string>{"numdummies=30"});
    EXPECT_EQ(kept_.current().of("dummy").options, std::vector<std::string>{"numdummies=30"});
    EXPECT_EQ(readings_, 2);
}

TEST_F(KeptConfigurationTest, AnEditInPlaceIsRead) {
    const std::string file = root_.write("etc/modprobe.d/dummy.conf", "options dummy numdummies=2\n");
    EXPECT_EQ(kept_.current().of("dummy").options, std::vector<std::string>{"numdummies=2"});
    std::ofstream(file, std::ios::app) << "blacklist dummy\n";
    EXPECT_TRUE(kept_.current().of("dummy").blacklisted);
    EXPECT_EQ(readings_, 2);
}

} // namespace
} // namespace modmgr
