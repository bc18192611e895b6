#include "config/kept_configuration.h"

#include <gtest/gtest.h>

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
    KeptConfiguration kept_{layout_, [this](const ConfigLayout& layout) {
                                ++readings_;
                                if (fail_)
                                    throw ModuleError(ErrorCode::Failed, "unreadable");
                                return ConfigIndex::read(layout);
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

} // namespace
} // namespace modmgr
