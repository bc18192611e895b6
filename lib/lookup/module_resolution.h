#pragma once
// From what a caller typed to the modules libkmod knows: lookup like modprobe, the
// blacklist (with the file and line that blacklists), builtin detection and the check of
// parameters (names and values) against what a module declares.
#include <map>
#include <string>
#include <vector>

#include "base/module_error.h"
#include "lookup/kmod_context.h"
#include "lookup/kmod_module_ptr.h"

namespace modmgr {

// '-' and '_' are the same in module names; the kernel and libkmod use '_'.
std::string normalize_module_name(std::string name);

struct Lookup {
    // Every module the name resolves to, like modprobe: modprobe.d aliases, modules.dep,
    // modules.symbols, install commands, modules.alias (all matches), modules.builtin.
    std::vector<KmodModulePtr> matches;
    // Those that modprobe.d and modprobe.blacklist= do not blacklist, whether reached by
    // name or by alias (modprobe only filters aliases; a blacklist entry means "never").
    std::vector<KmodModulePtr> not_blacklisted;
};

// Throws ModuleError(Failed) when libkmod cannot look up at all; no match is not an error.
Lookup lookup_modules(kmod_ctx* ctx, const std::string& name);

// The Blacklisted error for `requested` when every match is blacklisted, naming the file
// and line of each blacklist entry. It names no way around (a flag to a bus client, an
// option to modctl's user): that is each client's to say.
ModuleError blacklisted_error(KmodContext& kmod, const std::string& requested,
                              const std::vector<KmodModulePtr>& matches);

// The module's own name, from its .modinfo, as the kernel knows it (libkmod names a module
// opened by path after the file). Throws InvalidArgument for a file that is not a module.
std::string declared_name(kmod_module* module);

// Built into the kernel of this module tree (modules.builtin) rather than a .ko file.
bool is_builtin(kmod_module* module);

// The parameters a module declares (its parm and parmtype modinfo keys) by normalized name,
// each with its parmtype ("" when it declares none). Throws Failed when unreadable.
std::map<std::string, std::string> declared_parameters(kmod_module* module,
                                                       const std::string& shown_name);

// The kernel only warns about parameters a module does not declare and drops them, and
// refuses the whole load for a value its type does not take; a caller is told instead, before
// anything happens (parameter_types.h; a parameter without parmtype is not checked).
// `shown_name` is the module's name for the message (a module opened by path has the path's
// basename as its libkmod name). Throws InvalidArgument.
void check_parameters(kmod_module* module, const std::string& shown_name,
                      const std::vector<std::string>& parameters);

} // namespace modmgr
