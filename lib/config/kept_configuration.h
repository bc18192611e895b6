#pragma once
// The configuration as this thread last read it, read again only when its stamp
// (config_stamp.h) says a path changed: Info and GetConfiguration want it on every call, and
// a stat of each path is far cheaper than opening, listing and parsing every file. Not
// thread-safe: one per worker, like the libkmod context.
#include <functional>
#include <optional>

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
};

} // namespace modmgr
