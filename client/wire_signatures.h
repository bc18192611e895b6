#pragma once
// The D-Bus signatures of the structs modctl reads (the contents of their arrays) and of the
// signals it follows, as sd-bus spells them; wire_signatures_test checks each against
// dbus/org.modmgr1.xml.
namespace modmgr::wire_signature {

// List's rows, a(stiasssb): name, size, refcount (-1: none kept), holders, state, taint,
// signed.
inline constexpr char kListRow[] = "stiasssb";
// Info's "parameters", a(sss): name, type, description.
inline constexpr char kParameterRow[] = "sss";
// "config_sources" of Info and GetConfiguration, a(ssisb): kind, file, line, text,
// managed.
inline constexpr char kConfigSourceRow[] = "ssisb";
// ListConfiguration's entries, a(sssisb): module, then a config source's fields.
inline constexpr char kConfigEntryRow[] = "sssisb";

// ListDevices' rows, a(sssa{ss}ssa(sbb)): bus, name, modalias, identity, driver, module,
// candidates; each candidate (sbb): module, blacklisted, masked.
inline constexpr char kDeviceRow[] = "sssa{ss}ssa(sbb)";
inline constexpr char kDeviceCandidateRow[] = "sbb";

// SearchModules' matches, a(ssssb): name, match, matched_text, description, builtin.
inline constexpr char kSearchMatchRow[] = "ssssb";

// The signals monitor reads: a signal of another shape is not the one it knows, and is skipped.
// ModulesChanged: loaded, unloaded, action, caller_uid.
inline constexpr char kModulesChanged[] = "asassi";
// ConfigSettingChanged: module, setting, value, action, caller_uid.
inline constexpr char kConfigSettingChanged[] = "ssssi";
// DeviceChanged: action, device, modalias, driver, module.
inline constexpr char kDeviceChanged[] = "sssss";

} // namespace modmgr::wire_signature
