#pragma once
// The typed failures of the kernel library. Each maps 1:1 to an org.modmgr1.Error.* name on the
// bus (see dbus/org.modmgr1.xml), so callers can act on the kind, not on message text.
#include <stdexcept>
#include <string>

namespace modmgr {

enum class ErrorCode {
    NotFound,        // no module, alias or file by that name
    NotLoaded,       // Unload of a module that is not loaded
    InUse,           // holders or a reference count keep it loaded
    Builtin,         // compiled into the kernel: cannot be unloaded
    Blacklisted,     // modprobe.d blacklists it (message names the file)
    Masked,          // a mask keeps it from loading by any path (message names the file:line)
    Overridden,      // a configuration file modmgrd does not own decides otherwise (names it)
    AlreadyLoaded,   // FIRST_TIME asked for and it is already there
    ParametersNotApplied, // loaded already, with other values than the parameters asked for
    InvalidArgument, // rejected before anything was touched
    KernelRefused,   // init_module/delete_module failed: errno name + reason
    ModulesDisabled, // kernel.modules_disabled is set: no load or unload until reboot
    Failed,          // anything else; the message says what state we left behind
};

// The D-Bus error name that stands for `code`, e.g. org.modmgr1.Error.InUse (wire_contract.h).
const char* error_code_name(ErrorCode code);

class ModuleError : public std::runtime_error {
public:
    ModuleError(ErrorCode code, const std::string& message)
        : std::runtime_error(message), code_(code) {}
    ErrorCode code() const { return code_; }

private:
    ErrorCode code_;
};

} // namespace modmgr
