#pragma once
// Changes the persistent configuration of a module through the two files modmgrd owns
// (ConfigLayout::owned_*), and never through anyone else's. Each change succeeds only when
// the effective configuration afterwards is what was asked; when a file modmgrd does not own
// (or the kernel command line) decides otherwise, nothing is written and the error names
// every such file:line. Writes are atomic and durable (atomic_file.h).
//
// NOT thread-safe, and not safe against a second configurator on the same files: modmgrd
// runs every change on one thread. Readers (ConfigIndex) may run anywhere at any time: they
// see the old file or the new one.
#include <cstdint>
#include <string>
#include <vector>

#include "base/input_validation.h"
#include "config/config_index.h"
#include "config/config_layout.h"

namespace modmgr {

// What the module tree says a name is, for changes that need a real module. Alias: not a
// module's name but one of its aliases (fs-cifs), which configuration lines do not apply to.
enum class ModuleKind { Unknown, Builtin, Module, Alias };

class ConfigEditor {
public:
    explicit ConfigEditor(ConfigLayout layout);

    // Each returns whether an owned file changed (false: it already was so). `current` is
    // the configuration as the caller read it once for this change (its checks and the owned
    // file's text both come from it). `kind` is what the module tree says `module` is: blacklisting, setting options and enabling need a
    // loadable module (NotFound / Builtin otherwise); clearing works for any valid name, so
    // configuration left behind for a module the kernel no longer has can be removed.
    // Flags: wire::kDryRun (wire_contract.h) checks everything and writes nothing.
    // Errors (ModuleError): InvalidArgument (an alias), NotFound, Builtin,
    // Overridden (another file or the command line decides otherwise: nothing changed),
    // Blacklisted (enable of a blacklisted module: it would not load at boot), Masked
    // (enable or unblacklist of a masked module), Failed (an owned file that modmgrd cannot
    // parse or write: nothing changed).
    bool set_blacklisted(const PlainModuleName& module, bool blacklisted, ModuleKind kind,
                         const ConfigIndex& current, uint64_t flags);
    // Empty `parameters` clears modmgrd's line; other files' options stay and are no
    // reason to refuse.
    bool set_options(const PlainModuleName& module, const ModuleParameters& parameters,
                     ModuleKind kind, const ConfigIndex& current, uint64_t flags);
    bool set_load_at_boot(const PlainModuleName& module, bool enabled, ModuleKind kind,
                          const ConfigIndex& current, uint64_t flags);
    // Masking writes a blacklist line and `install NAME /bin/false` (masks.h); unmasking
    // removes both, also when the module was blacklisted through modmgrd before.
    bool set_masked(const PlainModuleName& module, bool masked, ModuleKind kind,
                    const ConfigIndex& current, uint64_t flags);

private:
    ConfigLayout layout_;
};

} // namespace modmgr
