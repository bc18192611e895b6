#include "calls/sender_identities.h"

namespace modmgr {

SenderIdentities::SenderIdentities(AskBus ask_bus, size_t max_asking, size_t remembered)
    : ask_bus_(std::move(ask_bus)), max_asking_(max_asking), remembered_(remembered) {}

std::optional<SenderIdentity> SenderIdentities::known(const std::string& sender) const {
    auto it = cache_.find(sender);
    if (it == cache_.end())
        return std::nullopt;
    return it->second.first;
}

void SenderIdentities::identify(const std::string& sender,
                                std::function<void(std::optional<SenderIdentity>,
                                                   const std::string&)> done) {
    if (auto it = cache_.find(sender); it != cache_.end()) {
        recency_.splice(recency_.end(), recency_, it->second.second);
        done(it->second.first, "");
        return;
    }
    auto& waiting = waiters_[sender];
    waiting.push_back(std::move(done));
    if (waiting.size() > 1)
        return; // the question is already asked or queued
    if (asking_ < max_asking_)
        ask(sender);
    else
        waiting_to_ask_.push_back(sender);
}

void SenderIdentities::ask(const std::string& sender) {
    ++asking_;
    ask_bus_(sender, [this, sender](std::optional<SenderIdentity> identity, const std::string& error) {
        answered(sender, identity, error);
    });
}

void SenderIdentities::answered(const std::string& sender, std::optional<SenderIdentity> identity,
                                const std::string& error) {
    --asking_;
    if (identity)
        remember(sender, *identity);
    std::vector<Answer> waiting = std::move(waiters_[sender]);
    waiters_.erase(sender);
    if (!waiting_to_ask_.empty()) {
        std::string next = std::move(waiting_to_ask_.front());
        waiting_to_ask_.pop_front();
        ask(next);
    }
    for (auto& done : waiting)
        done(identity, error);
}

void SenderIdentities::remember(const std::string& sender, SenderIdentity identity) {
    if (cache_.count(sender))
        return;
    if (cache_.size() >= remembered_) {
        cache_.erase(recency_.front());
        recency_.pop_front();
    }
    recency_.push_back(sender);
    cache_.emplace(sender, std::make_pair(identity, std::prev(recency_.end())));
}

} // namespace modmgr
