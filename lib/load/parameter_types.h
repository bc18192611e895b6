#pragma once
// A module parameter's value read the way the kernel's setter for its declared type reads it
// (kernel/params.c, lib/kstrtox.c), so that a value the kernel would refuse at load time is
// refused before anything is loaded or written. The type is the module's parmtype, as modinfo
// prints it in parentheses: byte, short, ushort, int, uint, long, ulong, ullong, hexint
// (kstrto* with base 0: "0x" hex, a leading "0" octal, an optional sign, each width's range;
// long and ulong as wide as this machine's long, which is the kernel's on the same
// architecture), bool and invbool (kstrtobool: the first character y Y t T 1 n N f F 0, or
// "on"/"off"), charp and string (any text), and "array of T" (comma-separated, each element
// a T; the declared maximum count is not in .modinfo, so any count passes). A type the kernel
// does not define (a module's own kernel_param_ops) is left to the module.
#include <optional>
#include <string>

namespace modmgr {

// The value the kernel stores, spelled one way: decimal for the integers, "Y"/"N" for the
// bools (as /sys/module shows them), elements joined by ',' for arrays, the text itself for
// charp and types not known here. `value` is nullopt for a bare key ("debug"), which only
// bool takes (as "Y"; the kernel gives every other type, invbool too, no default).
// Throws ModuleError(InvalidArgument) naming the parameter, its type and the value, e.g.
// "numdummies is an int: 'a b' is not one".
std::string checked_parameter_value(const std::string& name, const std::string& type,
                                    const std::optional<std::string>& value);

// Whether `requested` sets what /sys/module shows as `current` (both read by `type`), so that
// "debug=0x1" asks for what "1" is. A current value the type cannot read is compared as text.
bool same_parameter_value(const std::string& name, const std::string& type,
                          const std::optional<std::string>& requested, const std::string& current);

} // namespace modmgr
