#pragma once
// Serializes operations on the same modules: Load of vxlan and Unload of udp_tunnel touch a
// common module and must not interleave, while loads of unrelated modules run in parallel.
// A whole set is taken at once (all or nothing), so two operations can never deadlock.
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>

namespace modmgr {

class ModuleLocks {
public:
    // Holds `names`: its constructor blocks the calling worker until none of them is held
    // by another operation.
    class Guard {
    public:
        Guard(ModuleLocks& locks, std::set<std::string> names);
        ~Guard();
        Guard(const Guard&) = delete;
        Guard& operator=(const Guard&) = delete;

    private:
        ModuleLocks& locks_;
        std::set<std::string> names_;
    };

    // Whether an operation is working on `name` right now (it will report the change itself).
    bool held(const std::string& name);

private:
    std::mutex mutex_;
    std::condition_variable released_;
    std::set<std::string> held_;
};

} // namespace modmgr
