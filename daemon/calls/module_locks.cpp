#include "calls/module_locks.h"

#include <algorithm>

namespace modmgr {

ModuleLocks::Guard::Guard(ModuleLocks& locks, std::set<std::string> names)
    : locks_(locks), names_(std::move(names)) {
    std::unique_lock<std::mutex> lock(locks_.mutex_);
    locks_.released_.wait(lock, [this] {
        return std::none_of(names_.begin(), names_.end(),
                            [this](const std::string& n) { return locks_.held_.count(n) > 0; });
    });
    locks_.held_.insert(names_.begin(), names_.end());
}

ModuleLocks::Guard::~Guard() {
    {
        std::lock_guard<std::mutex> lock(locks_.mutex_);
        for (const auto& n : names_)
            locks_.held_.erase(n);
    }
    locks_.released_.notify_all();
}

ModuleLocks::Announcing::Announcing(const Guard& guard)
    : locks_(guard.locks_), names_(guard.names_) {
    std::lock_guard<std::mutex> lock(locks_.mutex_);
    locks_.announcing_.insert(names_.begin(), names_.end());
}

ModuleLocks::Announcing::~Announcing() {
    std::lock_guard<std::mutex> lock(locks_.mutex_);
    for (const auto& n : names_)
        locks_.announcing_.erase(locks_.announcing_.find(n));
}

bool ModuleLocks::held(const std::string& name) {
    std::lock_guard<std::mutex> lock(mutex_);
    return held_.count(name) > 0 || announcing_.count(name) > 0;
}

} // namespace modmgr
