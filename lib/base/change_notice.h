#pragma once
// A private inotify instance watching a set of paths, so that a check that stats every path
// (ConfigStamp::current, kmod_validate_resources) runs only when something may have changed:
// asking fired() is one non-blocking read(2), however many paths there are.
//
// What is watched, for each path: the path itself, symlinks followed (a file modified, its
// attributes changed, written and closed, deleted or moved; a directory's entries created,
// deleted or moved), and the directory holding it (its entries: the path replaced, renamed
// or removed, a symlink retargeted); for an absent path (or a dangling symlink's target), its
// nearest existing ancestor directory, so that it appearing fires. Reading files fires
// nothing (no IN_OPEN/IN_ACCESS).
//
// Exactness comes from the order of use, not from inotify alone: arm() first, THEN run the
// stat check once. A change made before the arming fails the check; one made after it fires
// the notice. Only while the check passed under the arming in force and nothing fired may
// the caller skip it (holds() keeps that book).
//
// Residual risk, beyond the stat check's own: a directory two or more levels above a watched
// path renamed or removed, a file system mounted over one, or a change made by another host
// on a network file system, fires nothing; stat(2) would have seen it. Configuration and
// module directories are not moved or mounted over while the daemon runs.
//
// Cost and limits: each KeptConfiguration and each KmodContext owns one notice, so each worker
// thread holds two inotify instances from its start (serve.cpp: at most 8 workers, so 16,
// plus the configuration monitor's one). The default fs.inotify.max_user_instances is 128
// per user, shared with every other process of that user (for root: systemd, udev, ...).
// When no instance is left, or a watch cannot be added (fs.inotify.max_user_watches), the
// notice gives up for good and says "changed" on every call: its caller then runs its stat
// checks every time, as before (correct, slower, and silent). An arming is bounded to
// kMaxWatches watches (the paths are a configuration layout's directories and the files read
// from them, or a module directory, and their parents); a longer list leaves that arming
// unarmed, with the same fallback. fired() reads at most 4 KiB, into its stack.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace modmgr {

class ChangeNotice {
public:
    static constexpr std::size_t kMaxWatches = 256;

    // A new inotify instance, not armed yet (fired() is true).
    ChangeNotice();
    // Takes `instance`, an inotify descriptor opened non-blocking, or -1 for none left.
    explicit ChangeNotice(int instance);
    ~ChangeNotice();
    ChangeNotice(const ChangeNotice&) = delete;
    ChangeNotice& operator=(const ChangeNotice&) = delete;

    // Whether anything watched may have changed since arm(): an event, a queue overflow or a
    // failed read since then, or no arming in force. Stays true until the next arm().
    bool fired();
    // Watches `paths` from now on, instead of what was watched before; events queued until
    // now are discarded. Starts a new arming.
    void arm(const std::vector<std::string>& paths);
    // Ends the arming in force: fired() is true until the next arm(). For a caller whose
    // paths changed (it read anew).
    void disarm();

    // Whether `check()` holds, asking it at most once per arming: `verified` is where the
    // caller keeps the arming under which it last held (0 before).
    template <typename Check>
    bool holds(uint64_t& verified, Check check) {
        if (verified == arming_)
            return true;
        if (!check())
            return false;
        verified = arming_;
        return true;
    }

private:
    // Whether every watch could be added; false when the instance gave up.
    bool watch_all(const std::vector<std::string>& paths);
    bool watch(std::string path, uint32_t mask);
    void give_up();

    int fd_;
    bool armed_ = false;
    uint64_t arming_ = 1; // != a caller's initial 0
    std::vector<int> watches_;
};

} // namespace modmgr
