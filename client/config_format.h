#pragma once
// `modctl config` as text, and the rows of configuration sources that `modctl info` shares:
//   dummy
//     blacklisted:   no
//     options:       numdummies=3
//     load at boot:  yes
//     sources:
//       options  /etc/modprobe.d/zz-modmgr.conf:4      options dummy numdummies=3  (modmgrd)
//       load     /etc/modules-load.d/zz-modmgr.conf:3  dummy                       (modmgrd)
// A source is "KIND  FILE:LINE  TEXT", the kernel command line's without ":LINE"; "(modmgrd)"
// marks the files modmgrd manages.
#include <string>
#include <vector>

#include "decoded_value.h"

namespace modmgr {

// Where a source is: "FILE:LINE", or FILE alone for a word of the kernel command line.
std::string location_of(const ConfigSourceEntry& source);

// One row per source, columns aligned across the rows, no trailing blanks.
std::vector<std::string> config_source_rows(const std::vector<ConfigSourceEntry>& sources);

// GetConfiguration's reply.
std::string format_configuration(const DecodedDictionary& configuration);

} // namespace modmgr
