#include "kernel/operation_records.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "base/atomic_file.h"
#include "base/module_error.h"
#include "text/string_join.h"

namespace modmgr {

namespace {

namespace fs = std::filesystem;

constexpr const char* kSuffix = ".operation";
// A record is a few hundred bytes; anything bigger is not one of ours.
constexpr uintmax_t kMaxRecordSize = 64 * 1024;

std::string render(const KernelOperation& operation) {
    return "action=" + operation.action + "\nrequested=" + operation.requested +
           "\ncaller_uid=" + std::to_string(operation.caller_uid) +
           "\nmodules=" + join(operation.modules, " ") + "\n";
}

std::vector<std::string> words(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> result;
    for (std::string word; in >> word;)
        result.push_back(word);
    return result;
}

bool parse(const std::string& text, KernelOperation& operation) {
    std::istringstream lines(text);
    bool has_action = false;
    for (std::string line; std::getline(lines, line);) {
        const size_t equals = line.find('=');
        if (equals == std::string::npos)
            return false;
        const std::string key = line.substr(0, equals), value = line.substr(equals + 1);
        if (key == "action") {
            operation.action = value;
            has_action = value == "load" || value == "unload";
        } else if (key == "requested") {
            operation.requested = value;
        } else if (key == "caller_uid") {
            try {
                operation.caller_uid = std::stoll(value);
            } catch (const std::exception&) {
                return false;
            }
        } else if (key == "modules") {
            operation.modules = words(value);
        }
    }
    return has_action;
}

} // namespace

OperationRecords::InProgress::InProgress(InProgress&& other) noexcept
    : path_(std::move(other.path_)) {
    other.path_.clear();
}

OperationRecords::InProgress::~InProgress() {
    if (path_.empty())
        return;
    try {
        remove_file_durably(path_);
    } catch (const ModuleError&) {
        // Left behind, it is reported once more at the next start: noisy, not wrong.
    }
}

OperationRecords::OperationRecords(std::string directory) : directory_(std::move(directory)) {}

OperationRecords::InProgress OperationRecords::begin(const KernelOperation& operation) {
    if (directory_.empty())
        return InProgress();
    // Numbered by this process and its pid: unique, and in start order within one modmgrd.
    char name[64];
    std::snprintf(name, sizeof name, "%d-%012llu%s", static_cast<int>(getpid()),
                  static_cast<unsigned long long>(next_++), kSuffix);
    const std::string path = directory_ + "/" + name;
    write_file_atomically(path, render(operation));
    return InProgress(path);
}

std::vector<KernelOperation> OperationRecords::take_interrupted() {
    std::vector<KernelOperation> interrupted;
    if (directory_.empty())
        return interrupted;
    std::vector<fs::path> records;
    std::error_code ec;
    for (fs::directory_iterator it(directory_, ec); !ec && it != fs::directory_iterator();
         it.increment(ec))
        if (it->path().extension() == kSuffix)
            records.push_back(it->path());
    std::sort(records.begin(), records.end(), [](const fs::path& a, const fs::path& b) {
        std::error_code ea, eb;
        return fs::last_write_time(a, ea) < fs::last_write_time(b, eb);
    });
    for (const auto& record : records) {
        std::error_code size_ec;
        KernelOperation operation;
        if (fs::file_size(record, size_ec) <= kMaxRecordSize && !size_ec) {
            std::ifstream in(record);
            std::stringstream text;
            text << in.rdbuf();
            if (parse(text.str(), operation))
                interrupted.push_back(operation);
        }
        try {
            remove_file_durably(record.string());
        } catch (const ModuleError&) {
        }
    }
    return interrupted;
}

std::string describe_interrupted(const KernelOperation& operation, const Snapshot& loaded) {
    std::vector<std::string> present, absent;
    for (const auto& module : operation.modules)
        (find_module(loaded, module) ? present : absent).push_back(module);
    const bool load = operation.action == "load";
    std::string sentence = "modmgrd stopped in the middle of " +
                           std::string(load ? "loading " : "unloading ") + operation.requested;
    if (operation.caller_uid >= 0)
        sentence += " for uid " + std::to_string(operation.caller_uid);
    sentence += " (" + std::string(load ? "to insert: " : "to remove: ") +
                join(operation.modules, ", ") + "); now loaded: " +
                (present.empty() ? "none of them" : join(present, ", ")) +
                "; not loaded: " + (absent.empty() ? "none of them" : join(absent, ", "));
    return sentence;
}

} // namespace modmgr
