#pragma once
// Every blacklist, mask, options and load-at-boot line in effect on the system, for an overview
// (ListConfiguration): which module each concerns and where it is written, in the order the
// configuration is read. Bounded, because it goes into one reply that every local user may
// ask for: a system's configuration has some hundred such lines, the bounds are far above.
#include <cstddef>
#include <string>
#include <vector>

#include "config/config_index.h"

namespace modmgr {

struct ListingLimits {
    size_t max_entries = 4096;
    // The bytes of all the entries' texts together (module, kind, file and text).
    size_t max_bytes = 1024 * 1024;
    // One entry's text is cut here (at a UTF-8 character's start).
    size_t max_text = 4096;
};

struct ConfigEntry {
    std::string module; // normalized: '-' written as '_'
    ConfigSource source;
};

struct ConfigurationListing {
    std::vector<ConfigEntry> entries;
    // An entry's text was cut, or entries past the limits were left out.
    bool truncated = false;
};

// The kinds listed: blacklist, mask, options and load (the ones that say whether and how a
// module loads); aliases, softdeps, other install and remove commands stay GetConfiguration's.
bool is_listed_kind(const std::string& kind);

ConfigurationListing list_configuration(const ConfigIndex& index, const ListingLimits& limits = {});

} // namespace modmgr
