#include "user_name.h"

#include <pwd.h>

#include <gtest/gtest.h>

namespace modmgr {
namespace {

TEST(UserName, RootHasItsName) { EXPECT_EQ(local_user_name(0), "root"); }

TEST(UserName, AUidWithoutAnEntryHasNone) {
    // The largest uid that is not (uid_t)-1; no system gives it a name.
    const uid_t unnamed = static_cast<uid_t>(-2);
    ASSERT_EQ(::getpwuid(unnamed), nullptr);
    EXPECT_EQ(local_user_name(unnamed), std::nullopt);
}

} // namespace
} // namespace modmgr
