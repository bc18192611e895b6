#include "calls/call_admission.h"

#include <gtest/gtest.h>

#include <vector>

namespace modmgr {
namespace {

TEST(CallAdmissionTest, EachConnectionHasItsBoundAndGetsItsPlacesBack) {
    CallAdmission admission({2, 10, 10});
    std::string why;
    std::vector<CallAdmission::Ticket> held;
    held.push_back(admission.admit(":1.1", std::nullopt, why));
    held.push_back(admission.admit(":1.1", std::nullopt, why));
    EXPECT_TRUE(held[0] && held[1]);
    EXPECT_FALSE(admission.admit(":1.1", std::nullopt, why));
    EXPECT_NE(why.find("2 unanswered calls from this connection"), std::string::npos) << why;
    EXPECT_TRUE(admission.admit(":1.2", std::nullopt, why)) << "another connection is not held up";
    held.pop_back();
    EXPECT_TRUE(admission.admit(":1.1", std::nullopt, why));
    held.clear();
    EXPECT_EQ(admission.in_flight(), 0u);
}

TEST(CallAdmissionTest, AUserIsBoundedOverAllItsConnections) {
    CallAdmission admission({10, 3, 100});
    std::string why;
    std::vector<CallAdmission::Ticket> held;
    held.push_back(admission.admit(":1.1", 1000u, why));
    held.push_back(admission.admit(":1.2", 1000u, why));
    // Not known yet at arrival: counted once the bus has told the uid.
    held.push_back(admission.admit(":1.3", std::nullopt, why));
    ASSERT_TRUE(admission.identify(held.back(), 1000, why));
    held.push_back(admission.admit(":1.4", std::nullopt, why));
    ASSERT_TRUE(held.back());
    EXPECT_FALSE(admission.identify(held.back(), 1000, why));
    EXPECT_NE(why.find("from this user"), std::string::npos) << why;
    EXPECT_FALSE(admission.admit(":1.5", 1000u, why));
    EXPECT_TRUE(admission.admit(":1.5", 0u, why)) << "another user is not held up";
}

TEST(CallAdmissionTest, TheTotalBoundsEveryone) {
    CallAdmission admission({10, 10, 2});
    std::string why;
    auto a = admission.admit(":1.1", 1u, why);
    auto b = admission.admit(":1.2", 2u, why);
    EXPECT_FALSE(admission.admit(":1.3", 3u, why));
    EXPECT_NE(why.find("in all"), std::string::npos) << why;
    CallAdmission::Ticket moved = std::move(a);
    EXPECT_FALSE(a);
    EXPECT_EQ(admission.in_flight(), 2u);
    moved = CallAdmission::Ticket();
    EXPECT_EQ(admission.in_flight(), 1u);
}

} // namespace
} // namespace modmgr
