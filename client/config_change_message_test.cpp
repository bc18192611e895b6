#include "config_change_message.h"

#include <gtest/gtest.h>

namespace modmgr {
namespace {

CommandLine command(Command which, bool dry_run = false,
                    std::vector<std::string> parameters = {}) {
    CommandLine line;
    line.command = which;
    line.target = "dummy";
    line.dry_run = dry_run;
    line.parameters = std::move(parameters);
    return line;
}

TEST(ConfigChangeMessage, SaysWhatChanged) {
    EXPECT_EQ(config_change_message(command(Command::Blacklist), true), "blacklisted dummy");
    EXPECT_EQ(config_change_message(command(Command::Unblacklist), true), "unblacklisted dummy");
    EXPECT_EQ(config_change_message(command(Command::Options, false, {"numdummies=3", "x"}), true),
              "set the options of dummy: numdummies=3 x");
    EXPECT_EQ(config_change_message(command(Command::Options), true),
              "cleared the options of dummy");
    EXPECT_EQ(config_change_message(command(Command::Enable), true), "dummy will load at boot");
    EXPECT_EQ(config_change_message(command(Command::Disable), true),
              "dummy will not load at boot");
}

TEST(ConfigChangeMessage, SaysWhenNothingNeededToChange) {
    EXPECT_EQ(config_change_message(command(Command::Blacklist), false),
              "dummy was already blacklisted");
    EXPECT_EQ(config_change_message(command(Command::Unblacklist), false),
              "dummy was not blacklisted");
    EXPECT_EQ(config_change_message(command(Command::Options, false, {"numdummies=3"}), false),
              "dummy already had these options");
    EXPECT_EQ(config_change_message(command(Command::Options), false), "dummy had no options");
    EXPECT_EQ(config_change_message(command(Command::Enable), false),
              "dummy was already set to load at boot");
    EXPECT_EQ(config_change_message(command(Command::Disable), false),
              "dummy was not set to load at boot");
}

TEST(ConfigChangeMessage, DryRunSaysWhatWouldChange) {
    EXPECT_EQ(config_change_message(command(Command::Blacklist, true), true),
              "would blacklist dummy");
    EXPECT_EQ(config_change_message(command(Command::Unblacklist, true), true),
              "would unblacklist dummy");
    EXPECT_EQ(config_change_message(command(Command::Options, true, {"numdummies=3"}), true),
              "would set the options of dummy: numdummies=3");
    EXPECT_EQ(config_change_message(command(Command::Options, true), true),
              "would clear the options of dummy");
    EXPECT_EQ(config_change_message(command(Command::Enable, true), true),
              "would make dummy load at boot");
    EXPECT_EQ(config_change_message(command(Command::Disable, true), true),
              "would stop dummy loading at boot");
    // Nothing would change: the same words as without --dry-run.
    EXPECT_EQ(config_change_message(command(Command::Blacklist, true), false),
              "dummy was already blacklisted");
}

TEST(ConfigChangeMessage, OnlyForConfigurationCommands) {
    EXPECT_THROW(config_change_message(command(Command::Load), true), std::logic_error);
}

TEST(ConfigChangeMessage, FailedSecondStepSaysTheFirstTookEffect) {
    const auto failure = failure_after_config_change(
        command(Command::Enable), true, {ExitCode::NotAuthorized, "not authorized"});
    EXPECT_EQ(failure.code(), ExitCode::NotAuthorized);
    EXPECT_STREQ(failure.what(),
                 "dummy will load at boot, but loading it now failed: not authorized");

    const auto in_use = failure_after_config_change(
        command(Command::Disable), false, {ExitCode::InUse, "dummy is in use by: x"});
    EXPECT_EQ(in_use.code(), ExitCode::InUse);
    EXPECT_STREQ(in_use.what(), "dummy was not set to load at boot, but unloading it now failed: "
                                "dummy is in use by: x");

    const auto dry_run = failure_after_config_change(
        command(Command::Enable, true), true, {ExitCode::NotFound, "no module dummy"});
    EXPECT_STREQ(dry_run.what(),
                 "would make dummy load at boot, but loading it now would fail: no module dummy");
}

} // namespace
} // namespace modmgr
