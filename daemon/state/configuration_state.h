#pragma once
// The module configuration as modmgrd last read it, so that each new reading tells which
// modules' sources differ: those get ConfigChanged and ConfigSettingChanged, whoever edited the
// files (a Set* call, an administrator, a package). The kept reading's stamp (config_stamp.h) says whether it is
// still what the files hold, so a Set* call and an inotify rescan read only what changed.
#include <functional>
#include <optional>
#include <string>

#include "config/config_index.h"
#include "config/config_layout.h"
#include "runtime/scheduler.h"
#include "state/config_change.h"

namespace modmgr {

class ConfigurationState {
public:
    // Emits the signals of one module's change; runs on the loop thread.
    using ConfigChanged = std::function<void(const ConfigChange& change)>;
    // Takes a reading of the configuration (tests count them).
    using Reader = std::function<ConfigIndex(const ConfigLayout&)>;

    // Takes the first reading, what later ones are compared with (so it announces nothing),
    // now: before modmgrd says it is ready, and before any worker job. An edit made after
    // READY=1 must be announced; a first reading still queued on the worker would absorb it
    // silently.
    ConfigurationState(ConfigLayout layout, Scheduler& loop, ConfigChanged config_changed,
                       Reader reader = ConfigIndex::read);

    // The methods below are for the config worker only.

    // The configuration as the files hold it now: the kept reading while its stamp is
    // current, else a new one, announced like announce_changes() (edits made behind
    // modmgrd's back are changes) and kept. Valid until the next call; throws ModuleError
    // when the configuration cannot be read.
    const ConfigIndex& current();
    // Reads the configuration again and posts a change for every module whose sources
    // differ from the last good reading. The posts go out before the reply of a change the
    // worker then posts, so a caller sees the signal first. A reading that fails announces
    // nothing and keeps the last good one to compare with (a change that was written stays
    // a success for its caller). `made` is what a Set* call has just written: its module is
    // announced with made's setting, value and caller, any other module that differs with
    // made's caller alone: the call rewrote a file, and lines of other modules in it moved
    // (an edit by hand at that very moment would be counted in too; current() has announced
    // every earlier one as an edit).
    void announce_changes(const std::optional<ConfigChange>& made = std::nullopt);
    // announce_changes() unless the kept reading's stamp is still current: after modmgrd's
    // own write, which it has read back already, the inotify rescan reads nothing.
    void announce_if_changed();

private:
    bool kept_is_current() const;
    // Announces what differs from the kept reading, then keeps `now`.
    void keep(ConfigIndex now, const std::optional<ConfigChange>& made = std::nullopt);

    ConfigLayout layout_;
    Scheduler& loop_;
    ConfigChanged config_changed_;
    Reader reader_;
    std::optional<ConfigIndex> last_good_;
};

} // namespace modmgr
