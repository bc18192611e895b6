#include "calls/caller_capabilities.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>

#include "base/pidfd.h"

namespace modmgr {

namespace {

// /proc/PID/status is a few KiB; a bounded read keeps a strange procfs from costing more.
constexpr size_t kMaxStatusSize = 64 * 1024;

std::optional<std::string> read_status(uint32_t pid) {
    const std::string path = "/proc/" + std::to_string(pid) + "/status";
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    std::string text(kMaxStatusSize, '\0');
    size_t used = 0;
    while (used < text.size()) {
        const ssize_t n = ::read(fd, text.data() + used, text.size() - used);
        if (n <= 0)
            break;
        used += static_cast<size_t>(n);
    }
    ::close(fd);
    text.resize(used);
    return text;
}

} // namespace

std::optional<ProcessCapabilities> parse_process_status(const std::string& status) {
    std::optional<uint64_t> effective;
    std::optional<uint32_t> uid;
    std::istringstream lines(status);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("CapEff:", 0) == 0) {
            const std::string hex = line.substr(7);
            char* end = nullptr;
            const unsigned long long value = std::strtoull(hex.c_str(), &end, 16);
            if (end == hex.c_str() || (*end != '\0' && *end != '\n'))
                return std::nullopt;
            effective = value;
        } else if (line.rfind("Uid:", 0) == 0) {
            std::istringstream fields(line.substr(4));
            uint64_t real = 0, effective_uid = 0;
            if (!(fields >> real >> effective_uid) || effective_uid > UINT32_MAX)
                return std::nullopt;
            uid = static_cast<uint32_t>(effective_uid);
        }
    }
    if (!effective || !uid)
        return std::nullopt;
    return ProcessCapabilities{*effective, *uid};
}

bool process_has_capability(uint32_t pid, int capability) {
    if (pid == 0 || capability < 0 || capability > 63)
        return false;
    // Held across the read: if the process exits meanwhile, the pidfd says so, and a new
    // process that got the same pid cannot pass for it.
    const int pidfd = pidfd_open(static_cast<pid_t>(pid), 0);
    if (pidfd < 0)
        return false;
    const auto status = read_status(pid);
    const bool alive = pidfd_send_signal(pidfd, 0, nullptr, 0) == 0;
    ::close(pidfd);
    if (!status || !alive)
        return false;
    const auto caps = parse_process_status(*status);
    return caps && caps->effective_uid == 0 && (caps->effective >> capability) & 1;
}

} // namespace modmgr
