#include "exit_codes.h"

#include <gtest/gtest.h>

#include <set>

namespace modmgr {
namespace {

TEST(ExitCodes, MapsDaemonErrorKindsToDistinctCodes) {
    EXPECT_EQ(exit_code_for_error("org.modmgr1.Error.NotFound"), ExitCode::NotFound);
    EXPECT_EQ(exit_code_for_error("org.modmgr1.Error.NotLoaded"), ExitCode::NotFound);
    EXPECT_EQ(exit_code_for_error("org.modmgr1.Error.InUse"), ExitCode::InUse);
    EXPECT_EQ(exit_code_for_error("org.modmgr1.Error.Blacklisted"), ExitCode::Blacklisted);
    EXPECT_EQ(exit_code_for_error("org.modmgr1.Error.AlreadyLoaded"), ExitCode::AlreadyLoaded);
    EXPECT_EQ(exit_code_for_error("org.modmgr1.Error.KernelRefused"), ExitCode::KernelRefused);
    EXPECT_EQ(exit_code_for_error("org.modmgr1.Error.Builtin"), ExitCode::Builtin);
    EXPECT_EQ(exit_code_for_error("org.modmgr1.Error.Overridden"), ExitCode::Overridden);
    EXPECT_EQ(static_cast<int>(ExitCode::Overridden), 11);
    EXPECT_EQ(exit_code_for_error("org.modmgr1.Error.ParametersNotApplied"),
              ExitCode::ParametersNotApplied);
    EXPECT_EQ(static_cast<int>(ExitCode::ParametersNotApplied), 12);
    EXPECT_EQ(exit_code_for_error("org.modmgr1.Error.ModulesDisabled"), ExitCode::ModulesDisabled);
    EXPECT_EQ(static_cast<int>(ExitCode::ModulesDisabled), 15);
    EXPECT_EQ(exit_code_for_error("org.modmgr1.Error.InvalidArgument"), ExitCode::Usage);
    EXPECT_EQ(exit_code_for_error("org.freedesktop.DBus.Error.InvalidArgs"), ExitCode::Usage);
}

TEST(ExitCodes, AuthorizationFailuresAreNotAuthorized) {
    EXPECT_EQ(exit_code_for_error("org.freedesktop.DBus.Error.AccessDenied"),
              ExitCode::NotAuthorized);
    EXPECT_EQ(exit_code_for_error("org.freedesktop.DBus.Error.InteractiveAuthorizationRequired"),
              ExitCode::NotAuthorized);
}

TEST(ExitCodes, MissingDaemonIsUnreachable) {
    EXPECT_EQ(exit_code_for_error("org.freedesktop.DBus.Error.ServiceUnknown"),
              ExitCode::DaemonUnreachable);
    EXPECT_EQ(exit_code_for_error("org.freedesktop.DBus.Error.NoReply"),
              ExitCode::DaemonUnreachable);
}

TEST(ExitCodes, UnknownErrorsAreGenericFailures) {
    EXPECT_EQ(exit_code_for_error("org.modmgr1.Error.Failed"), ExitCode::Failure);
    EXPECT_EQ(exit_code_for_error("com.example.Whatever"), ExitCode::Failure);
    EXPECT_EQ(exit_code_for_error(""), ExitCode::Failure);
}

TEST(ExitCodes, TableHasEachCodeOnceAndEachErrorNameOnce) {
    std::set<int> codes;
    std::set<std::string> names;
    for (const auto& entry : exit_code_table()) {
        EXPECT_TRUE(codes.insert(static_cast<int>(entry.code)).second);
        for (const auto& name : entry.error_names)
            EXPECT_TRUE(names.insert(name).second) << name;
    }
}

TEST(ExitCodes, HelpListsEveryCodeWithItsMeaning) {
    const std::string help = exit_codes_help();
    for (const auto& entry : exit_code_table()) {
        char line[160];
        std::snprintf(line, sizeof line, "%2d  %s", static_cast<int>(entry.code), entry.meaning);
        EXPECT_NE(help.find(line), std::string::npos) << line;
    }
}

} // namespace
} // namespace modmgr
