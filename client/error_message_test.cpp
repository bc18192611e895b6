#include "error_message.h"

#include <gtest/gtest.h>

namespace modmgr {
namespace {

TEST(ErrorMessage, DaemonErrorsPrintTheDaemonsMessage) {
    const auto failure =
        failure_from_bus_error("org.modmgr1.Error.InUse", "vxlan is in use by: foo, bar");
    EXPECT_EQ(failure.code(), ExitCode::InUse);
    EXPECT_STREQ(failure.what(), "vxlan is in use by: foo, bar");
}

TEST(ErrorMessage, OverriddenPrintsTheFilesThatDecide) {
    const auto failure = failure_from_bus_error(
        "org.modmgr1.Error.Overridden",
        "dummy stays blacklisted by /etc/modprobe.d/local.conf:3 and /proc/cmdline");
    EXPECT_EQ(failure.code(), ExitCode::Overridden);
    EXPECT_STREQ(failure.what(),
                 "dummy stays blacklisted by /etc/modprobe.d/local.conf:3 and /proc/cmdline");
}

TEST(ErrorMessage, DaemonErrorWithoutMessageNamesTheKind) {
    const auto failure = failure_from_bus_error("org.modmgr1.Error.NotLoaded", "");
    EXPECT_EQ(failure.code(), ExitCode::NotFound);
    EXPECT_STREQ(failure.what(), "NotLoaded");
}

TEST(ErrorMessage, InteractiveAuthorizationRequiredSaysHowToGetAPrompt) {
    const auto failure = failure_from_bus_error(
        "org.freedesktop.DBus.Error.InteractiveAuthorizationRequired", "Interactive authentication required.");
    EXPECT_EQ(failure.code(), ExitCode::NotAuthorized);
    EXPECT_STREQ(failure.what(),
                 "authentication required: Interactive authentication required. "
                 "(use a terminal or drop --no-ask-password)");
}

TEST(ErrorMessage, AccessDeniedSaysNotAuthorized) {
    const auto failure =
        failure_from_bus_error("org.freedesktop.DBus.Error.AccessDenied", "polkit said no");
    EXPECT_EQ(failure.code(), ExitCode::NotAuthorized);
    EXPECT_STREQ(failure.what(), "not authorized: polkit said no");
}

TEST(ErrorMessage, MissingDaemonIsNamed) {
    const auto failure = failure_from_bus_error("org.freedesktop.DBus.Error.ServiceUnknown",
                                                "The name org.modmgr1 was not provided");
    EXPECT_EQ(failure.code(), ExitCode::DaemonUnreachable);
    EXPECT_STREQ(failure.what(), "cannot reach modmgrd: The name org.modmgr1 was not provided");
}

TEST(ErrorMessage, MultiLineMessagesBecomeOneLine) {
    const auto failure = failure_from_bus_error(
        "org.freedesktop.DBus.Python.TypeError", "Traceback:\n  File \"x\"\n\tboom\n");
    EXPECT_STREQ(failure.what(),
                 "Traceback: File \"x\" boom (org.freedesktop.DBus.Python.TypeError)");
}

TEST(ErrorMessage, ForeignErrorsKeepTheirName) {
    const auto failure =
        failure_from_bus_error("org.freedesktop.DBus.Error.UnknownMethod", "No such method");
    EXPECT_EQ(failure.code(), ExitCode::Failure);
    EXPECT_STREQ(failure.what(), "No such method (org.freedesktop.DBus.Error.UnknownMethod)");
}

TEST(ErrorMessage, ABlacklistedLoadNamesModctlsOptionNotTheDaemonsFlag) {
    const auto failure = load_failure_from_bus_error(
        "org.modmgr1.Error.Blacklisted", "pcspkr is blacklisted by /etc/modprobe.d/b.conf:1",
        "pcspkr", {});
    EXPECT_EQ(failure.code(), ExitCode::Blacklisted);
    EXPECT_STREQ(failure.what(), "pcspkr is blacklisted by /etc/modprobe.d/b.conf:1 (use "
                                 "--ignore-blacklist to load it anyway)");
}

TEST(ErrorMessage, ParametersNotAppliedSaysHowToApplyThem) {
    const auto failure = load_failure_from_bus_error(
        "org.modmgr1.Error.ParametersNotApplied",
        "e1000e is already loaded: not applied: debug=1 (it is \"0\")", "e1000e",
        {"debug=1", "name=a b"});
    EXPECT_EQ(failure.code(), ExitCode::ParametersNotApplied);
    EXPECT_EQ(static_cast<int>(failure.code()), 12);
    EXPECT_STREQ(failure.what(),
                 "e1000e is already loaded: not applied: debug=1 (it is \"0\"); to apply them: "
                 "modctl unload e1000e, then load it again; for its next loads: modctl options "
                 "e1000e debug=1 'name=a b'");
}

TEST(ErrorMessage, OtherLoadFailuresAreTheCommonOnes) {
    const auto failure = load_failure_from_bus_error("org.modmgr1.Error.NotFound",
                                                     "module or alias x not found", "x", {});
    EXPECT_EQ(failure.code(), ExitCode::NotFound);
    EXPECT_STREQ(failure.what(), "module or alias x not found");
}

} // namespace
} // namespace modmgr
