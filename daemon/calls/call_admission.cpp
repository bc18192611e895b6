#include "calls/call_admission.h"

#include <cassert>

namespace modmgr {

namespace {

std::string over(const char* who, size_t limit) {
    return "modmgrd already has " + std::to_string(limit) + " unanswered calls " + who +
           "; wait for their replies and call again";
}

void decrement(std::map<std::string, size_t>& counts, const std::string& key) {
    auto it = counts.find(key);
    if (--it->second == 0)
        counts.erase(it);
}

void decrement(std::map<uint32_t, size_t>& counts, uint32_t key) {
    auto it = counts.find(key);
    if (--it->second == 0)
        counts.erase(it);
}

} // namespace

CallAdmission::Ticket::Ticket(Ticket&& other) noexcept
    : owner_(other.owner_), sender_(std::move(other.sender_)), uid_(other.uid_) {
    other.owner_ = nullptr;
}

CallAdmission::Ticket& CallAdmission::Ticket::operator=(Ticket&& other) noexcept {
    if (this != &other) {
        release();
        owner_ = other.owner_;
        sender_ = std::move(other.sender_);
        uid_ = other.uid_;
        other.owner_ = nullptr;
    }
    return *this;
}

CallAdmission::Ticket::~Ticket() { release(); }

void CallAdmission::Ticket::release() {
    if (owner_ == nullptr)
        return;
    decrement(owner_->per_sender_, sender_);
    if (uid_)
        decrement(owner_->per_user_, *uid_);
    --owner_->total_;
    owner_ = nullptr;
}

CallAdmission::CallAdmission(AdmissionLimits limits) : limits_(limits) {}

CallAdmission::~CallAdmission() {
    // Tickets point back here: they must all be gone first.
    assert(total_ == 0);
}

CallAdmission::Ticket CallAdmission::admit(const std::string& sender, std::optional<uint32_t> uid,
                                           std::string& why) {
    Ticket ticket;
    if (total_ >= limits_.total) {
        why = over("in all", limits_.total);
        return ticket;
    }
    if (per_sender_[sender] >= limits_.per_sender) {
        why = over("from this connection", limits_.per_sender);
        return ticket;
    }
    if (uid && per_user_[*uid] >= limits_.per_user) {
        why = over("from this user", limits_.per_user);
        return ticket;
    }
    ++per_sender_[sender];
    if (uid)
        ++per_user_[*uid];
    ++total_;
    ticket.owner_ = this;
    ticket.sender_ = sender;
    ticket.uid_ = uid;
    return ticket;
}

bool CallAdmission::identify(Ticket& ticket, uint32_t uid, std::string& why) {
    if (ticket.uid_)
        return true;
    if (per_user_[uid] >= limits_.per_user) {
        why = over("from this user", limits_.per_user);
        return false;
    }
    ++per_user_[uid];
    ticket.uid_ = uid;
    return true;
}

} // namespace modmgr
