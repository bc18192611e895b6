#pragma once
// What a reading of the configuration read, as stat(2) saw it: each configuration path
// (directory, file, or absent) and each file read. While every one of them still stats the
// same, a new reading would find the same text, so the last one can be served without
// reading a file. A file added, removed or renamed in a directory changes the directory's
// mtime; an edit changes the file's mtime and ctime (and usually its size); an atomic
// replace (rename over) changes its inode.
//
// Residual risk: an in-place edit that keeps the size, made within the same timestamp tick
// as the file's previous change, is invisible. Timestamps are kept in ns but advance at the
// kernel's clock tick (a few ms; finer on filesystems with fine-grained timestamps), so it
// takes two same-size writes to one file within a tick with a reading between them.
// Writers that replace files atomically (editors, packages, modmgrd) are never affected.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace modmgr {

class ConfigStamp {
public:
    // Records `path` as stat(2) sees it now, symlinks followed. Take it before reading the
    // path: a change made while it is read then shows as a difference later (one reading
    // too many, never one too few).
    void add(const std::string& path);
    // Whether every recorded path still stats as recorded. A path that could not be
    // stat'ed (other than being absent) is never current.
    bool current() const;
    // The recorded paths, in the order added: what a ChangeNotice watches for this stamp.
    std::vector<std::string> paths() const;

private:
    struct Status {
        int error = 0; // 0, ENOENT (absent) or why stat failed
        uint64_t device = 0;
        uint64_t inode = 0;
        int64_t size = 0;
        int64_t mtime_ns = 0;
        int64_t ctime_ns = 0;
        bool operator==(const Status& o) const;
    };
    static Status status_of(const std::string& path);

    std::vector<std::pair<std::string, Status>> paths_;
};

} // namespace modmgr
