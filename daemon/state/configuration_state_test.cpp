#include "state/configuration_state.h"

#include "base/module_error.h"
#include "support/fake_scheduler.h"
#include "support/scratch_dir.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace modmgr;

namespace {

using Names = std::vector<std::string>;

class ConfigurationStateTest : public ::testing::Test {
protected:
    ScratchDir root_;
    ConfigLayout layout_ = ConfigLayout::under(root_.path());
    FakeScheduler loop_;
    Names announced_;
    std::vector<ConfigChange> changes_;
    int readings_ = 0;

    ConfigurationState::ConfigChanged record() {
        return [this](const ConfigChange& change) {
            announced_.push_back(change.module);
            changes_.push_back(change);
        };
    }
    ConfigurationState::Reader counted() {
        return [this](const ConfigLayout& layout) {
            ++readings_;
            return ConfigIndex::read(layout);
        };
    }
    // The kernel command line made unreadable (a directory): every reading fails.
    void break_readings() { std::filesystem::create_directories(layout_.kernel_cmdline); }
    void mend_readings() { std::filesystem::remove(layout_.kernel_cmdline); }
};

} // namespace

TEST_F(ConfigurationStateTest, TheFirstReadingIsTakenAtConstructionAndAnnouncesNothing) {
    root_.write("etc/modprobe.d/local.conf", "blacklist dummy\n");
    ConfigurationState state(layout_, loop_, record());
    // An edit right after construction, before any worker ran, is a change.
    root_.write("etc/modprobe.d/local.conf", "blacklist dummy\noptions ifb numifbs=2\n");
    EXPECT_EQ(loop_.run_posted(), 0);
    state.announce_changes();
    loop_.run_posted();
    EXPECT_EQ(announced_, Names{"ifb"});
}

TEST_F(ConfigurationStateTest, OnlyModulesWhoseSourcesDifferAreAnnouncedOnTheLoop) {
    root_.write("etc/modprobe.d/local.conf", "blacklist dummy\noptions ifb numifbs=2\n");
    ConfigurationState state(layout_, loop_, record());
    // ifb's line stays where it was (a line that moved is a change of its source).
    root_.write("etc/modprobe.d/local.conf", "# no longer: blacklist dummy\noptions ifb numifbs=2\n");
    root_.write("etc/modules-load.d/boot.conf", "loop\n");
    state.announce_changes();
    EXPECT_TRUE(announced_.empty()) << "announced off the loop";
    loop_.run_posted();
    EXPECT_EQ(announced_, (Names{"dummy", "loop"}));
    announced_.clear();
    state.announce_changes();
    loop_.run_posted();
    EXPECT_TRUE(announced_.empty()) << "an unchanged configuration announced something";
}

TEST_F(ConfigurationStateTest, AFailedReadingKeepsTheLastGoodOne) {
    root_.write("etc/modprobe.d/local.conf", "blacklist dummy\n");
    ConfigurationState state(layout_, loop_, record());
    root_.write("etc/modprobe.d/local.conf", "blacklist ifb\n");
    break_readings();
    state.announce_changes();
    EXPECT_EQ(loop_.run_posted(), 0);
    mend_readings();
    state.announce_changes();
    loop_.run_posted();
    EXPECT_EQ(announced_, (Names{"dummy", "ifb"})) << "compared with the failed reading";
}

TEST_F(ConfigurationStateTest, WithoutAGoodFirstReadingTheNextOneIsTheBaseline) {
    break_readings();
    ConfigurationState state(layout_, loop_, record());
    mend_readings();
    root_.write("etc/modprobe.d/local.conf", "blacklist dummy\n");
    state.announce_changes();
    EXPECT_EQ(loop_.run_posted(), 0);
    root_.write("etc/modprobe.d/local.conf", "");
    state.announce_changes();
    loop_.run_posted();
    EXPECT_EQ(announced_, Names{"dummy"});
}

// Edits below change the file's size: a same-size edit within one timestamp tick is the
// stamp's documented blind spot (config_stamp.h).

TEST_F(ConfigurationStateTest, AnUnchangedConfigurationIsServedWithoutReading) {
    root_.write("etc/modprobe.d/local.conf", "blacklist dummy\n");
    ConfigurationState state(layout_, loop_, record(), counted());
    EXPECT_EQ(readings_, 1);
    EXPECT_TRUE(state.current().of("dummy").blacklisted);
    EXPECT_TRUE(state.current().of("dummy").blacklisted);
    EXPECT_EQ(readings_, 1);
    EXPECT_EQ(loop_.run_posted(), 0);
}

TEST_F(ConfigurationStateTest, AFileChangedBehindItIsReadAnnouncedAndKept) {
    root_.write("etc/modprobe.d/local.conf", "blacklist dummy\n");
    ConfigurationState state(layout_, loop_, record(), counted());
    root_.write("etc/modprobe.d/zz-modmgr.conf", "options ifb numifbs=2\n");
    EXPECT_EQ(state.current().owned_text(layout_.owned_modprobe_file), "options ifb numifbs=2\n");
    EXPECT_EQ(readings_, 2);
    loop_.run_posted();
    EXPECT_EQ(announced_, Names{"ifb"});
    state.current();
    EXPECT_EQ(readings_, 2) << "the new reading was not kept";
}

TEST_F(ConfigurationStateTest, ARescanWithUnchangedStampsReadsNothing) {
    root_.write("etc/modprobe.d/local.conf", "blacklist dummy\n");
    ConfigurationState state(layout_, loop_, record(), counted());
    // modmgrd's own write, read back by the call that made it.
    root_.write("etc/modprobe.d/zz-modmgr.conf", "blacklist ifb\n");
    state.announce_changes();
    EXPECT_EQ(readings_, 2);
    state.announce_if_changed();
    EXPECT_EQ(readings_, 2);
    // A hand edit after it is read and announced.
    root_.write("etc/modules-load.d/boot.conf", "loop\n");
    state.announce_if_changed();
    EXPECT_EQ(readings_, 3);
    loop_.run_posted();
    EXPECT_EQ(announced_, (Names{"ifb", "loop"}));
}

TEST_F(ConfigurationStateTest, AFailedReadingIsNeverServedAsCurrent) {
    root_.write("etc/modprobe.d/local.conf", "blacklist dummy\n");
    ConfigurationState state(layout_, loop_, record(), counted());
    break_readings();
    EXPECT_THROW(state.current(), ModuleError);
    state.announce_if_changed();
    EXPECT_EQ(readings_, 3) << "a stale reading looked current";
}

TEST_F(ConfigurationStateTest, ACallsChangeNamesItsSettingAndCallerTheLinesItMovedItsCaller) {
    root_.write("etc/modprobe.d/zz-modmgr.conf", "options ifb numifbs=2\n");
    ConfigurationState state(layout_, loop_, record());
    // An edit before the call's reading is announced as an edit.
    root_.write("etc/modules-load.d/boot.conf", "loop\n");
    state.current();
    // The call blacklists dummy: its line goes before ifb's, which moves.
    root_.write("etc/modprobe.d/zz-modmgr.conf", "blacklist dummy\noptions ifb numifbs=2\n");
    state.announce_changes(
        ConfigChange::by_call("dummy", "blacklist", "true", {"org.modmgr1.configure", 1000}));
    loop_.run_posted();
    ASSERT_EQ(announced_, (Names{"loop", "dummy", "ifb"}));
    const auto said = [](const ConfigChange& c) {
        return c.setting + "|" + c.value + "|" + c.who.action + "|" + std::to_string(c.who.caller_uid);
    };
    EXPECT_EQ(said(changes_[0]), "|||-1");
    EXPECT_EQ(said(changes_[1]), "blacklist|true|org.modmgr1.configure|1000");
    EXPECT_EQ(said(changes_[2]), "||org.modmgr1.configure|1000");
}

TEST_F(ConfigurationStateTest, AHandEditNamesNobody) {
    ConfigurationState state(layout_, loop_, record());
    root_.write("etc/modprobe.d/local.conf", "options dummy numdummies=3\n");
    state.announce_if_changed();
    loop_.run_posted();
    ASSERT_EQ(changes_.size(), 1u);
    EXPECT_EQ(changes_[0].module, "dummy");
    EXPECT_EQ(changes_[0].setting, "");
    EXPECT_EQ(changes_[0].who.caller_uid, -1);
}
