#pragma once
// The module configuration as modmgrd last read it, so that each new reading tells which
// modules' sources differ: those get ConfigChanged, whoever edited the files (a Set* call, an
// administrator, a package).
#include <functional>
#include <optional>
#include <string>

#include "config/config_index.h"
#include "config/config_layout.h"
#include "runtime/scheduler.h"

namespace modmgr {

class ConfigurationState {
public:
    // Emits ConfigChanged for `module`; runs on the loop thread.
    using ConfigChanged = std::function<void(const std::string& module)>;

    // Takes the first reading, what later ones are compared with (so it announces nothing),
    // now: before modmgrd says it is ready, and before any worker job. An edit made after
    // READY=1 must be announced; a first reading still queued on the worker would absorb it
    // silently.
    ConfigurationState(ConfigLayout layout, Scheduler& loop, ConfigChanged config_changed);

    // Config worker only: reads the configuration again and posts ConfigChanged for every
    // module whose sources differ from the last good reading. The posts go out before the
    // reply of a change the worker then posts, so a caller sees the signal first. A reading
    // that fails announces nothing and keeps the last good one to compare with (a change that
    // was written stays a success for its caller).
    void announce_changes();

private:
    ConfigLayout layout_;
    Scheduler& loop_;
    ConfigChanged config_changed_;
    std::optional<ConfigIndex> last_good_;
};

} // namespace modmgr
