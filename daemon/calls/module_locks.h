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
    class Announcing;

    // Holds `names`: its constructor blocks the calling worker until none of them is held
    // by another operation.
    class Guard {
    public:
        Guard(ModuleLocks& locks, std::set<std::string> names);
        ~Guard();
        Guard(const Guard&) = delete;
        Guard& operator=(const Guard&) = delete;

    private:
        friend class Announcing;
        ModuleLocks& locks_;
        std::set<std::string> names_;
    };

    // An operation that has released its Guard but not yet announced the state it left (the
    // event loop hands that to KernelChanged): taken before the Guard goes, dropped on the
    // loop after the announcement. Blocks no one, so a queued announcement never keeps
    // another worker waiting (nor the daemon's stop, which joins the workers first).
    class Announcing {
    public:
        explicit Announcing(const Guard& guard);
        ~Announcing();
        Announcing(const Announcing&) = delete;
        Announcing& operator=(const Announcing&) = delete;

    private:
        ModuleLocks& locks_;
        std::set<std::string> names_;
    };

    // Whether an operation is working on `name` right now, or has yet to announce what it did
    // to it: either way it will report the change itself, with its caller.
    bool held(const std::string& name);

private:
    std::mutex mutex_;
    std::condition_variable released_;
    std::set<std::string> held_;
    std::multiset<std::string> announcing_; // two operations may await their announcements
};

} // namespace modmgr
