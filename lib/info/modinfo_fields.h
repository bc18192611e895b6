#pragma once
// modinfo's key/value list (kmod_module_get_info: the .modinfo section in ELF order, then the
// signature fields) turned into typed Info fields, following what `modinfo` prints:
//   author, alias, firmware, import_ns -> authors, aliases, firmware, import_ns (as)
//   depends "a,b" -> as (empty value: empty list); intree, retpoline "Y" -> b
//   parm "name:description" + parmtype "name:type" -> parameters a(sss), in modinfo's order
//     (the name that appears last first)
//   softdep -> softdeps s, every value joined with "; "
//   name, version, srcversion, license, description, vermagic, sig_id, signer, sig_key,
//     sig_hashalgo, signature -> s; when a module repeats one (several licenses or
//     descriptions), every value in order, repeats too, joined with "\n"; sig_key and
//     signature lose the "\n\t\t" libkmod puts after every 20 bytes
//   the keys of the entries above but parm and parmtype -> modinfo_keys as, in entry order,
//     one per value: the order in which modinfo prints them (a{sv} keeps none)
//   any other key -> s, or as when it repeats, except keys named like Info fields that do not
//     come from a key of that name (authors, aliases, softdeps, parameters, truncated, and
//     what module_info_reader adds: filename, builtin, live state, configuration; and
//     modinfo_keys): dropped, so that a module cannot pose as one of those fields
// Bounded for a reply: a value (or list element) over kMaxModinfoValue bytes is cut there, and
// once all values together reach kMaxModinfoTotal the rest is left out (known keys first,
// then others by name); "truncated" (as) then names every key cut or left out. Every real
// module fits with room to spare; a crafted one cannot make a reply the bus refuses.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "info/module_info.h"

namespace modmgr {

using ModinfoEntries = std::vector<std::pair<std::string, std::string>>;

// The largest real value is a 4096-bit key's signature, ~1.5 KiB as hex; the most a real
// module declares, ~1,700 aliases, take ~100 KiB.
constexpr size_t kMaxModinfoValue = 8 * 1024;
constexpr size_t kMaxModinfoTotal = 512 * 1024;

ModuleInfo modinfo_fields(const ModinfoEntries& entries);

// A .modinfo section's bytes ("key=value\0key=value\0") split the way libkmod splits them
// (kmod_elf_get_strings() and kmod_module_get_info(): NUL-terminated strings, empty ones
// skipped, the key up to the first '=', a string without '=' a key with an empty value).
ModinfoEntries modinfo_entries(const char* data, size_t size);

} // namespace modmgr
