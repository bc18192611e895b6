// TEST DOUBLE's storage, see simulated_state.h.
#include "support/simulated_state.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "base/module_error.h"
#include "kernel/read_at_once.h"
#include "kernel/settled_read.h"

namespace modmgr {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& what) {
    throw ModuleError(ErrorCode::Failed, "simulated kernel: " + what);
}

// An exclusive flock on a sibling file, so bus tests running several daemons and the test
// itself (staging state) never see a half-applied change. The state file itself is
// replaced by rename, so it cannot carry the lock.
class FileLock {
public:
    explicit FileLock(const std::string& state_file) {
        const std::string path = state_file + ".lock";
        fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ < 0)
            fail("cannot open " + path + ": " + std::strerror(errno));
        while (::flock(fd_, LOCK_EX) != 0)
            if (errno != EINTR)
                fail("cannot lock " + path + ": " + std::strerror(errno));
    }
    ~FileLock() { ::close(fd_); }
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

private:
    int fd_ = -1;
};

json parse_state(const std::string& state_file, const std::string& text) {
    try {
        json state = json::parse(text);
        if (!state.contains("modules"))
            state["modules"] = json::array();
        return state;
    } catch (const json::exception& e) {
        fail(state_file + " is not valid JSON: " + e.what());
    }
}

// A missing file is a kernel with nothing loaded. Read as SysKernel reads /proc/modules, in
// whose place the daemon reads this file (on every Info): the benchmarks should charge it
// what that read costs, not a stream's set-up.
std::string text_of(const std::string& state_file) {
    return read_settled(state_file, kProcModulesReadSize).value_or("{}");
}

json read_file(const std::string& state_file) {
    return parse_state(state_file, text_of(state_file));
}

void write_file(const std::string& state_file, const json& state) {
    const std::string temporary = state_file + ".tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << state.dump(2) << '\n';
        if (!out.flush())
            fail("cannot write " + temporary);
    }
    if (std::rename(temporary.c_str(), state_file.c_str()) != 0)
        fail("cannot replace " + state_file + ": " + std::strerror(errno));
}

} // namespace

SimulatedState::SimulatedState(std::string file) : file_(std::move(file)) {}

std::shared_ptr<const json> SimulatedState::read() {
    if (!file_) {
        std::lock_guard<std::mutex> lock(memory_mutex_);
        return memory_;
    }
    // No lock: every writer replaces the file by rename (write_file, the bus tests' staging),
    // so a reader sees one whole state, as a reader of /proc/modules does.
    // The daemon reads the same text over and over: parse it only when it changed.
    const std::string text = text_of(*file_);
    std::lock_guard<std::mutex> cache_lock(memory_mutex_);
    if (!parsed_ || parsed_->first != text)
        parsed_.emplace(text, std::make_shared<const json>(parse_state(*file_, text)));
    return parsed_->second;
}

int SimulatedState::change(const std::function<int(json& state)>& edit) {
    if (!file_) {
        std::lock_guard<std::mutex> lock(memory_mutex_);
        json state = *memory_;
        const int result = edit(state);
        if (result == 0)
            memory_ = std::make_shared<const json>(std::move(state));
        return result;
    }
    FileLock lock(*file_);
    json state = read_file(*file_);
    const int result = edit(state);
    if (result == 0)
        write_file(*file_, state);
    return result;
}

} // namespace modmgr
