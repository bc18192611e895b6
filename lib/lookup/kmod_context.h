#pragma once
// One libkmod context: libkmod is not thread-safe, so each worker thread owns one.
// It notices a new depmod run or config change and reloads (kmod_validate_resources)
// so a long-lived daemon never serves stale indexes. Each of its two contexts is made when
// first asked for: a worker that never needs one holds no indexes and no configuration.
// Those checks stat every index and config file, so they run only when a ChangeNotice on the
// modules directory and the config files has fired (change_notice.h): one inotify instance
// per KmodContext, shared by its two contexts.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/change_notice.h"
#include "config/config_layout.h"
#include "config/config_stamp.h"

struct kmod_ctx;

namespace modmgr {

struct KmodSettings {
    // Module tree, e.g. /lib/modules/6.1.0-28-amd64; empty = the running kernel's.
    std::string modules_dir;
    // modprobe.d directories/files in priority order; empty = libkmod's defaults
    // (/etc/modprobe.d, /run/modprobe.d, /usr/local/lib/modprobe.d, /lib/modprobe.d).
    std::vector<std::string> config_paths;
    // Root of the configuration files (modprobe.d, modules-load.d, proc/cmdline) when not
    // this system's: tests use a scratch directory. "" = "/".
    std::string config_root{};

    // Where the configuration lives for these settings.
    ConfigLayout layout() const { return ConfigLayout::under(config_root, config_paths); }
};

class KmodContext {
public:
    explicit KmodContext(KmodSettings settings);
    ~KmodContext();
    KmodContext(const KmodContext&) = delete;
    KmodContext& operator=(const KmodContext&) = delete;

    // The context, made or reloaded first if the indexes or config changed on disk. Throws
    // ModuleError when libkmod cannot make one.
    kmod_ctx* get();
    // A context with no modprobe.d configuration: modinfo resolves names this way.
    kmod_ctx* get_without_config();

    const KmodSettings& settings() const { return settings_; }
    // The directory libkmod actually uses (resolved from uname when settings say empty).
    std::string modules_dir();
    // The config paths libkmod actually reads, in priority order.
    std::vector<std::string> effective_config_paths() const;

private:
    // Arms the notice again if it fired, on both contexts' paths.
    void renew_notice();

    KmodSettings settings_;
    kmod_ctx* ctx_ = nullptr;
    kmod_ctx* bare_ctx_ = nullptr;
    // The config files ctx_ was built from, as stat(2) saw them: libkmod only watches the
    // directories' mtimes, which an in-place edit of a .conf file does not change.
    ConfigStamp config_stamp_;
    ChangeNotice notice_;
    // The notice's arming under which each context last passed its checks.
    uint64_t ctx_verified_ = 0;
    uint64_t bare_verified_ = 0;
};

} // namespace modmgr
