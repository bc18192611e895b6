#pragma once
// The configuration as this thread last read it, read again only when its stamp
// (config_stamp.h) says a path changed: Info and GetConfiguration want it on every call, and
// a stat of each path is far cheaper than opening, listing and parsing every file. Even the
// stats are skipped while a ChangeNotice on the stamp's paths has not fired (change_notice.h:
// one read(2) per call instead of a stat per path). Not thread-safe: one per worker, like
// the libkmod context; each holds an inotify instance.
#include <cstdint>
#include <functional>
#include <optional>

#include "base/change_notice.h"
#include "config/config_index.h"
#include "config/config_layout.h"

namespace modmgr {

class KeptConfiguration {
public:
    // Takes a reading of the configuration (tests count them).
    using Reader = std::function<ConfigIndex(const ConfigLayout&)>;

    explicit KeptConfiguration(ConfigLayout layout, Reader reader = ConfigIndex::read)
        : layout_(std::move(layout)), reader_(std::move(reader)) {}

    // The configuration as the files hold it now; valid until the next call. Throws
    // ModuleError when it cannot be read.
    const ConfigIndex& current();

private:
    ConfigLayout layout_;
    Reader reader_;
    std::optional<ConfigIndex> kept_;
    ChangeNotice notice_;
    uint64_t verified_ = 0; // the notice's arming under which kept_'s stamp was current
};

} // namespace modmgr
