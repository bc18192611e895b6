#pragma once
// What ConfigSettingChanged says of one module whose configuration changed: the setting a Set*
// call changed, the value it asked for and who asked; only who asked for a module whose lines
// the call's rewrite of a file moved; nothing but the module when the files were changed behind
// modmgrd's back (an edit by hand, a package).
#include <string>

#include "state/attribution.h"

namespace modmgr {

struct ConfigChange {
    std::string module; // normalized ('-' as '_'), as ConfigIndex names it
    // "blacklist", "options", "load_at_boot" or "mask"; "" when no call set this module's
    // setting
    std::string setting;
    // What the call asked for, as polkit's "value" detail, at most
    // wire::kMaxAnnouncedValueLength bytes: every listener gets it, whatever the caller sent.
    std::string value;
    Attribution who;

    // The change a Set* call made; `module` as the caller spelled it.
    static ConfigChange by_call(const std::string& module, const std::string& setting,
                                const std::string& value, const Attribution& who);
    // `module`'s sources changed with this call's write (its lines moved in the file the call
    // rewrote): the call's caller, and no setting or value.
    ConfigChange alongside(const std::string& module) const;
    // A change of the files nobody announced: no setting, value or caller.
    static ConfigChange by_edit(const std::string& module);
};

} // namespace modmgr
