#pragma once
// What modmgrd is in the middle of doing to the kernel, kept in a file of its runtime
// directory until it is done. A modmgrd killed midway (SIGKILL, a crash, the watchdog) leaves
// the kernel with part of a load or an unload done; the next modmgrd finds the file and says
// what that operation left behind, instead of leaving an administrator to guess why half of
// vxlan's dependencies are loaded. The directory is in /run: after a reboot nothing is left
// half done. Thread-safe: each operation has a file of its own.
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "kernel/loaded_module.h"

namespace modmgr {

struct KernelOperation {
    std::string action;               // "load" or "unload"
    std::string requested;            // the name the caller gave (a file's module name)
    int64_t caller_uid = -1;          // -1 when unknown
    std::vector<std::string> modules; // in the order they are to be inserted or removed
    bool operator==(const KernelOperation& o) const {
        return action == o.action && requested == o.requested && caller_uid == o.caller_uid &&
               modules == o.modules;
    }
};

class OperationRecords {
public:
    // Keeps its operation's record on disk for as long as it lives.
    class InProgress {
    public:
        InProgress() = default;
        InProgress(InProgress&& other) noexcept;
        InProgress& operator=(InProgress&&) = delete;
        ~InProgress();

    private:
        friend class OperationRecords;
        explicit InProgress(std::string path) : path_(std::move(path)) {}
        std::string path_;
    };

    // `directory` "" keeps no records (modmgrd run by hand without a runtime directory).
    explicit OperationRecords(std::string directory);

    // Throws ModuleError(Failed) when the record cannot be written: the operation must not
    // start then, since nobody could tell what it left behind.
    InProgress begin(const KernelOperation& operation);
    // The operations a previous modmgrd began and never finished, oldest first; their
    // records are removed. Records that cannot be read are removed and skipped.
    std::vector<KernelOperation> take_interrupted();

private:
    std::string directory_;
    std::atomic<uint64_t> next_{0};
};

// One sentence on what an interrupted `operation` left behind, judged by what is loaded now.
std::string describe_interrupted(const KernelOperation& operation, const Snapshot& loaded);

} // namespace modmgr
