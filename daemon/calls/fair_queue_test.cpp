#include "calls/fair_queue.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace modmgr {
namespace {

std::vector<std::string> drain(FairQueue<int, std::string>& queue) {
    std::vector<std::string> order;
    while (auto next = queue.pop())
        order.push_back(next->second);
    return order;
}

TEST(FairQueueTest, ServesKeysInTurnAndEachKeysItemsInOrder) {
    FairQueue<int, std::string> queue;
    for (int i = 0; i < 4; ++i)
        queue.push(1, "flood" + std::to_string(i));
    queue.push(2, "root");
    queue.push(3, "other");
    EXPECT_EQ(queue.size(), 6u);
    EXPECT_EQ(drain(queue), (std::vector<std::string>{"flood0", "root", "other", "flood1", "flood2",
                                                      "flood3"}));
    EXPECT_TRUE(queue.empty());
}

TEST(FairQueueTest, AKeyThatComesBackWaitsBehindTheOthers) {
    FairQueue<int, std::string> queue;
    queue.push(1, "a1");
    queue.push(2, "b1");
    EXPECT_EQ(queue.pop()->second, "a1");
    queue.push(1, "a2");
    queue.push(2, "b2");
    EXPECT_EQ(drain(queue), (std::vector<std::string>{"b1", "a2", "b2"}));
}

TEST(FairQueueTest, KeysThatAreNotEligibleKeepTheirItemsAndTheirTurn) {
    FairQueue<int, std::string> queue;
    queue.push(1, "a1");
    queue.push(1, "a2");
    queue.push(2, "b1");
    auto not_one = [](const int& key) { return key != 1; };
    EXPECT_EQ(queue.pop(not_one)->second, "b1");
    EXPECT_FALSE(queue.pop(not_one));
    EXPECT_EQ(queue.size(), 2u);
    EXPECT_EQ(drain(queue), (std::vector<std::string>{"a1", "a2"}));
}

} // namespace
} // namespace modmgr
