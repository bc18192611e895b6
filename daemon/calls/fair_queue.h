#pragma once
// A queue that serves its clients in turn: items are taken round-robin across keys (a user,
// say), each key's own items in order. One client with a thousand items waiting delays another
// client's single item by at most one item per client, not by a thousand.
// Not thread-safe: the owner locks.
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <utility>

namespace modmgr {

template <typename Key, typename T>
class FairQueue {
public:
    void push(const Key& key, T item) {
        auto& queue = queues_[key];
        if (queue.empty())
            turn_.push_back(key);
        queue.push_back(std::move(item));
        ++size_;
    }

    bool empty() const { return size_ == 0; }
    size_t size() const { return size_; }

    // The next item of the first key in turn that `eligible` accepts (a key may be at a limit
    // of its own); that key then goes to the back of the turn.
    std::optional<std::pair<Key, T>> pop(const std::function<bool(const Key&)>& eligible =
                                             [](const Key&) { return true; }) {
        for (auto key = turn_.begin(); key != turn_.end(); ++key) {
            if (!eligible(*key))
                continue;
            auto queue = queues_.find(*key);
            std::pair<Key, T> next{*key, std::move(queue->second.front())};
            queue->second.pop_front();
            --size_;
            turn_.erase(key);
            if (queue->second.empty())
                queues_.erase(queue);
            else
                turn_.push_back(next.first);
            return next;
        }
        return std::nullopt;
    }

private:
    std::map<Key, std::deque<T>> queues_;
    std::deque<Key> turn_; // keys with items waiting, in the order they are served next
    size_t size_ = 0;
};

} // namespace modmgr
