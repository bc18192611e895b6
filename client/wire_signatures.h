#pragma once
// The D-Bus signatures of the structs modctl reads (the contents of their arrays), as sd-bus
// spells them; wire_signatures_test checks each against dbus/org.modmgr1.xml.
namespace modmgr::wire_signature {

// List's rows, a(stiass): name, size, refcount (-1: none kept), holders, state.
inline constexpr char kListRow[] = "stiass";
// Info's "parameters", a(sss): name, type, description.
inline constexpr char kParameterRow[] = "sss";
// "config_sources" of Info and GetConfiguration, a(ssisb): kind, file, line, text,
// managed.
inline constexpr char kConfigSourceRow[] = "ssisb";

} // namespace modmgr::wire_signature
