#pragma once
// The structs of the wire as sdbus-c++ types, for modmgrd, which sends them. Their D-Bus
// signatures are checked against dbus/org.modmgr1.xml by the daemon's wire_types_test; modctl
// reads them with sd-bus (client/wire_signatures.h, checked by its wire_signatures_test).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <sdbus-c++/Types.h>

namespace modmgr::wire {

// One row of List (a(stiasssb)): name, size, refcount (-1: none kept), holders, state, taint,
// signed.
using ListRow = sdbus::Struct<std::string, uint64_t, int32_t, std::vector<std::string>, std::string,
                              std::string, bool>;
// One entry of Info's "parameters" (a(sss)): name, type, description.
using ParameterRow = sdbus::Struct<std::string, std::string, std::string>;
// One entry of "config_sources" of Info and GetConfiguration (a(ssisb)): kind, file,
// line, text, managed.
using ConfigSourceRow = sdbus::Struct<std::string, std::string, int32_t, std::string, bool>;
// One entry of ListConfiguration (a(sssisb)): module, then a ConfigSourceRow's fields.
using ConfigEntryRow =
    sdbus::Struct<std::string, std::string, std::string, int32_t, std::string, bool>;

// One candidate of a ListDevices row (a(sbb)): module, blacklisted, masked.
using DeviceCandidateRow = sdbus::Struct<std::string, bool, bool>;
// One row of ListDevices (a(sssa{ss}ssa(sbb))): bus, name, modalias, identity, driver,
// module, candidates.
using DeviceRow = sdbus::Struct<std::string, std::string, std::string,
                                std::map<std::string, std::string>, std::string, std::string,
                                std::vector<DeviceCandidateRow>>;

// One match of SearchModules (a(ssssb)): name, match, matched_text, description, builtin.
using SearchMatchRow = sdbus::Struct<std::string, std::string, std::string, std::string, bool>;

} // namespace modmgr::wire
