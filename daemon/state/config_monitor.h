#pragma once
// Notices changes to the module configuration made behind modmgrd's back — an administrator
// editing /etc/modprobe.d/*.conf, a package dropping a file into /usr/lib/modules-load.d,
// /run/modprobe.d appearing — with inotify on the event loop, so they are announced with
// ConfigChanged like modmgrd's own changes. The callback only says "look again": what
// changed, and for which modules, is found by comparing configuration snapshots.
#include <sys/inotify.h>
#include <systemd/sd-event.h>

#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "runtime/event_loop.h"

namespace modmgr {

// Editors and package managers change a file in several steps (create, write, rename):
// one look after they are done instead of one per step.
constexpr std::chrono::milliseconds kConfigSettleDelay{50};

class ConfigMonitor {
public:
    // Watches `directories` (configuration directories, in any order). One that does not
    // exist yet is watched for through its nearest existing ancestor; a file that is a symlink (Debian's
    // /etc/modules-load.d/modules.conf -> ../modules) is watched where it points.
    ConfigMonitor(EventLoop& loop, std::vector<std::string> directories,
                  std::function<void()> changed);
    ~ConfigMonitor();
    ConfigMonitor(const ConfigMonitor&) = delete;
    ConfigMonitor& operator=(const ConfigMonitor&) = delete;

private:
    // What one inotify watch is for: any configuration file in it, and/or some names.
    struct Watch {
        bool any_config = false;
        std::set<std::string> names;
    };

    static int on_readable(sd_event_source*, int fd, uint32_t, void* self);
    void watch(const std::string& directory, bool any_config, const std::string& name);
    // Re-creates every watch: directories come and go, symlinks get re-pointed.
    void rewatch();
    bool relevant(const inotify_event& event) const;
    void schedule();

    EventLoop& loop_;
    std::vector<std::string> directories_;
    std::function<void()> changed_;
    int fd_ = -1;
    sd_event_source* source_ = nullptr;
    std::map<int, Watch> watches_;
    bool scheduled_ = false;
};

} // namespace modmgr
