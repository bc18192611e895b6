#include "calls/sender_identities.h"

#include <gtest/gtest.h>

namespace modmgr {
namespace {

// Stands in for the bus daemon: questions wait until the test answers them.
struct FakeBus {
    std::vector<std::pair<std::string, SenderIdentities::Answer>> asked;
    SenderIdentities::AskBus asker() {
        return [this](const std::string& sender, SenderIdentities::Answer done) {
            asked.emplace_back(sender, std::move(done));
        };
    }
    void answer(size_t i, uint32_t uid) { asked[i].second(SenderIdentity{uid, 100 + uid}, ""); }
};

TEST(SenderIdentitiesTest, OneQuestionPerConnectionThenRemembered) {
    FakeBus bus;
    SenderIdentities identities(bus.asker());
    std::vector<uint32_t> uids;
    auto record = [&](std::optional<SenderIdentity> id, const std::string&) { uids.push_back(id->uid); };
    identities.identify(":1.7", record);
    identities.identify(":1.7", record);
    ASSERT_EQ(bus.asked.size(), 1u);
    EXPECT_FALSE(identities.known(":1.7"));
    bus.answer(0, 1000);
    EXPECT_EQ(uids, (std::vector<uint32_t>{1000, 1000}));
    identities.identify(":1.7", record);
    EXPECT_EQ(bus.asked.size(), 1u) << "asked again";
    EXPECT_EQ(identities.known(":1.7")->pid, 1100u);
}

TEST(SenderIdentitiesTest, AtMostSoManyQuestionsAtOnceTheRestWaitTheirTurn) {
    FakeBus bus;
    SenderIdentities identities(bus.asker(), 2);
    int answered = 0;
    for (auto sender : {":1.1", ":1.2", ":1.3"})
        identities.identify(sender, [&](std::optional<SenderIdentity>, const std::string&) { ++answered; });
    ASSERT_EQ(bus.asked.size(), 2u);
    bus.answer(0, 1);
    ASSERT_EQ(bus.asked.size(), 3u);
    EXPECT_EQ(bus.asked[2].first, ":1.3");
    bus.answer(1, 2);
    bus.answer(2, 3);
    EXPECT_EQ(answered, 3);
}

TEST(SenderIdentitiesTest, AFailedQuestionIsNotRememberedAndTheLeastRecentIsForgottenFirst) {
    FakeBus bus;
    SenderIdentities identities(bus.asker(), 8, 2);
    std::string error;
    identities.identify(":1.1", [&](std::optional<SenderIdentity> id, const std::string& e) {
        EXPECT_FALSE(id);
        error = e;
    });
    bus.asked[0].second(std::nullopt, "gone");
    EXPECT_EQ(error, "gone");
    EXPECT_FALSE(identities.known(":1.1"));
    auto ignore = [](std::optional<SenderIdentity>, const std::string&) {};
    for (auto sender : {":1.2", ":1.3"})
        identities.identify(sender, ignore);
    bus.answer(1, 2);
    bus.answer(2, 3);
    identities.identify(":1.2", ignore); // now the most recent
    identities.identify(":1.4", ignore);
    bus.answer(3, 4);
    EXPECT_TRUE(identities.known(":1.2"));
    EXPECT_FALSE(identities.known(":1.3"));
    EXPECT_TRUE(identities.known(":1.4"));
}

} // namespace
} // namespace modmgr
