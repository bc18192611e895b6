#pragma once
// Builds Info results: modinfo fields from libkmod (the same values `modinfo` prints, with
// signature fields as one plain string), plus live state from the KernelPort and
// configuration (blacklisted, options, load_at_boot, config_sources) from ConfigIndex.
#include <string>

#include "base/input_validation.h"
#include "config/config_index.h"
#include "image/module_image.h"
#include "info/modinfo_cache.h"
#include "info/module_info.h"
#include "kernel/kernel_port.h"
#include "lookup/kmod_context.h"

namespace modmgr {

// By module name or alias (resolved like modinfo: without modprobe.d aliases), with the
// module's configuration from `configuration`; or by a path inside the modules directory
// (described as insmod/LoadFile would load the file, ignoring modprobe.d: no configuration
// keys). The module file's fields come from `cache` (if any) while the file is unchanged.
// Throws ModuleError NotFound / InvalidArgument.
ModuleInfo read_module_info(KmodContext& kmod, KernelPort& kernel, const ModuleName& name,
                            const ConfigIndex& configuration, ModinfoCache* cache = nullptr);
ModuleInfo read_module_info(KmodContext& kmod, KernelPort& kernel, const ModulePath& path);
// Of a module file a caller passed, as modmgrd copied it; "filename" is where the caller's
// file is (as this process sees it). No configuration keys: like insmod, a file ignores
// modprobe.d.
ModuleInfo read_module_info_image(KmodContext& kmod, KernelPort& kernel, const ModuleImage& image);

} // namespace modmgr
