#pragma once
// modinfo's key/value list (kmod_module_get_info: the .modinfo section in ELF order, then the
// signature fields) turned into typed Info fields, following what `modinfo` prints:
//   author, alias, firmware, import_ns -> authors, aliases, firmware, import_ns (as)
//   depends "a,b" -> as (empty value: empty list); intree, retpoline "Y" -> b
//   parm "name:description" + parmtype "name:type" -> parameters a(sss), first-appearance order
//   softdep -> softdeps s, distinct values joined with "; "
//   name, version, srcversion, license, description, vermagic, sig_id, signer, sig_key,
//     sig_hashalgo, signature -> s; when a module repeats one (several licenses or
//     descriptions), its distinct values joined with "\n"; sig_key and signature lose the
//     "\n\t\t" libkmod puts after every 20 bytes
//   any other key -> s, or as when it repeats, except keys named like Info fields that do not
//     come from a key of that name (authors, aliases, softdeps, parameters, and what
//     module_info_reader adds: filename, builtin, live state, configuration): dropped, so that a
//     module cannot pose as one of those fields
#include <string>
#include <utility>
#include <vector>

#include "module_info.h"

namespace modmgr {

using ModinfoEntries = std::vector<std::pair<std::string, std::string>>;

ModuleInfo modinfo_fields(const ModinfoEntries& entries);

} // namespace modmgr
