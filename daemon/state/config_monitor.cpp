#include "state/config_monitor.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "config/config_syntax.h"

namespace modmgr {

namespace {

namespace fs = std::filesystem;

// IN_CREATE for directories and symlinks appearing (neither is "written"); the *_SELF events
// for a watched directory that is removed or renamed away.
constexpr uint32_t kMask = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                           IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_EXCL_UNLINK;

} // namespace

ConfigMonitor::ConfigMonitor(EventLoop& loop, std::vector<std::string> directories,
                             std::function<void()> changed)
    : loop_(loop), directories_(std::move(directories)), changed_(std::move(changed)) {
    fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd_ < 0)
        throw std::runtime_error(std::string("inotify: ") + std::strerror(errno));
    int r = sd_event_add_io(loop_.event(), &source_, fd_, EPOLLIN, on_readable, this);
    if (r < 0) {
        close(fd_);
        throw std::runtime_error(std::string("inotify io source: ") + std::strerror(-r));
    }
    rewatch();
}

ConfigMonitor::~ConfigMonitor() {
    sd_event_source_disable_unref(source_);
    close(fd_);
}

void ConfigMonitor::watch(const std::string& directory, bool any_config, const std::string& name) {
    const int wd = inotify_add_watch(fd_, directory.c_str(), kMask);
    if (wd < 0) {
        spdlog::warn("cannot watch {} for configuration changes: {}", directory, std::strerror(errno));
        return;
    }
    // The same directory may be wanted for several reasons (a configuration directory that
    // is also where a symlink points): one watch serves them all.
    Watch& w = watches_[wd];
    w.any_config = w.any_config || any_config;
    if (!name.empty())
        w.names.insert(name);
}

void ConfigMonitor::rewatch() {
    // Adding a watch for a directory already watched returns its descriptor again, so
    // only the watches no longer wanted are removed (each removal queues an IN_IGNORED).
    std::map<int, Watch> previous;
    previous.swap(watches_);
    for (const auto& directory : directories_) {
        std::error_code ec;
        const fs::path path(directory);
        if (!fs::is_directory(path, ec)) {
            // Watch the nearest ancestor that exists for the next step towards the directory
            // (/run for /run/modprobe.d); each step that appears moves the watch down.
            fs::path missing = path;
            while (missing.has_parent_path() && missing.parent_path() != missing &&
                   !fs::is_directory(missing.parent_path(), ec))
                missing = missing.parent_path();
            if (fs::is_directory(missing.parent_path(), ec))
                watch(missing.parent_path().string(), false, missing.filename().string());
            continue;
        }
        watch(directory, true, {});
        for (const auto& entry : fs::directory_iterator(path, ec)) {
            const std::string name = entry.path().filename().string();
            if (!is_config_name(name, kModprobeSuffixes) || !entry.is_symlink(ec))
                continue;
            const fs::path target = fs::weakly_canonical(entry.path(), ec);
            if (!ec && target.parent_path() != fs::weakly_canonical(path, ec))
                watch(target.parent_path().string(), false, target.filename().string());
        }
    }
    for (const auto& [wd, unused] : previous)
        if (watches_.count(wd) == 0)
            inotify_rm_watch(fd_, wd);
}

bool ConfigMonitor::relevant(const inotify_event& event) const {
    if (event.mask & IN_Q_OVERFLOW)
        return true;
    const auto it = watches_.find(event.wd);
    if (it == watches_.end())
        return false; // a watch rewatch() removed
    // A watched directory went away (IN_IGNORED follows): watch its parent for its return.
    if (event.mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED))
        return true;
    if (event.len == 0)
        return false;
    const std::string name = event.name;
    return (it->second.any_config && is_config_name(name, kModprobeSuffixes)) || it->second.names.count(name) > 0;
}

void ConfigMonitor::schedule() {
    if (scheduled_)
        return;
    scheduled_ = true;
    loop_.after(kConfigSettleDelay, [this] {
        scheduled_ = false;
        rewatch();
        changed_();
    });
}

int ConfigMonitor::on_readable(sd_event_source*, int fd, uint32_t, void* self) {
    auto* monitor = static_cast<ConfigMonitor*>(self);
    alignas(inotify_event) char buffer[16384];
    for (;;) {
        const ssize_t n = read(fd, buffer, sizeof buffer);
        if (n <= 0) {
            if (n < 0 && errno != EAGAIN && errno != EINTR)
                spdlog::error("reading inotify events: {}", std::strerror(errno));
            return 0;
        }
        for (ssize_t offset = 0; offset < n;) {
            const auto* event = reinterpret_cast<const inotify_event*>(buffer + offset);
            if (monitor->relevant(*event))
                monitor->schedule();
            offset += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
        }
    }
}

} // namespace modmgr
