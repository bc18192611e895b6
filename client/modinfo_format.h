#pragma once
// `modctl info` as text: modinfo's layout ("key:" padded to 16 columns, modinfo's key names and
// its order as Info's modinfo_keys gives it (else modinfo's usual order), one line per value of
// a repeated key, parm as "name:description (type)"), followed by modmgr's live and
// configuration keys:
//   builtin, loaded (yes for builtin too), blacklisted,
//   load_at_boot                   yes|no
//   state                          live|coming|going|builtin
//   size                           bytes in memory
//   refcount                       number, or "-" when the kernel keeps none
//   holders                        comma-separated
//   parmvalue                      NAME=VALUE, one line per current parameter value
//   options                        one line per modprobe.d option
//   config                         one line per configuration source, as `modctl config`
//                                  shows them (config_format.h)
// Keys this version does not know are printed under their own names: where modinfo_keys places
// them, else after those.
// With a field (`modctl info -F parm`), as `modinfo -F`: only the values of the lines labelled
// so, one per line, without the label; nothing when there are none.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "decoded_value.h"

namespace modmgr {

std::string format_modinfo(const DecodedDictionary& info,
                           std::optional<std::string_view> field = std::nullopt);

// The labels `modctl info` prints for the keys it knows, in its order: the FIELDs of -F.
std::vector<std::string> modinfo_labels();

} // namespace modmgr
