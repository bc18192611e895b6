#include "lookup/module_resolution.h"

#include "text/string_join.h"

#include <cstring>

#include "config/config_index.h"
#include "load/module_parameters.h"
#include "load/parameter_types.h"

namespace modmgr {
namespace {

std::string blacklist_reason(KmodContext& kmod, const std::string& requested,
                             const std::string& module) {
    std::string subject = module;
    if (normalize_module_name(requested) != module)
        subject += " (matched by " + requested + ")";
    std::vector<std::string> places;
    for (const auto& source : ConfigIndex::read(kmod.settings().layout()).of(module).sources)
        if (source.kind == "blacklist")
            places.push_back(place_of(source));
    // libkmod knows no other source of blacklist entries; say so plainly should its rules
    // ever diverge from ConfigIndex's.
    const std::string where = places.empty() ? "the modprobe.d configuration" : join(places, ", ");
    return subject + " is blacklisted by " + where;
}

} // namespace

std::string normalize_module_name(std::string name) {
    for (char& c : name)
        if (c == '-')
            c = '_';
    return name;
}

Lookup lookup_modules(kmod_ctx* ctx, const std::string& name) {
    kmod_list* list = nullptr;
    int err = kmod_module_new_from_lookup(ctx, name.c_str(), &list);
    if (err < 0)
        throw ModuleError(ErrorCode::Failed,
                          "cannot look up " + name + ": " + std::strerror(-err));
    kmod_list* allowed = nullptr;
    err = kmod_module_apply_filter(ctx, KMOD_FILTER_BLACKLIST, list, &allowed);
    Lookup lookup{take_module_list(list), take_module_list(allowed)};
    if (err < 0)
        throw ModuleError(ErrorCode::Failed, "cannot apply the blacklist to " + name + ": " +
                                                 std::strerror(-err));
    return lookup;
}

ModuleError blacklisted_error(KmodContext& kmod, const std::string& requested,
                              const std::vector<KmodModulePtr>& matches) {
    std::vector<std::string> reasons;
    for (const auto& match : matches)
        reasons.push_back(blacklist_reason(kmod, requested, kmod_module_get_name(match.get())));
    return ModuleError(ErrorCode::Blacklisted, join(reasons, "; "));
}

std::string declared_name(kmod_module* module) {
    kmod_list* info = nullptr;
    const int err = kmod_module_get_info(module, &info);
    if (err < 0)
        throw ModuleError(ErrorCode::InvalidArgument,
                          std::string("not a kernel module: ") + std::strerror(-err));
    std::string name;
    kmod_list* entry = nullptr;
    kmod_list_foreach(entry, info) {
        if (std::strcmp(kmod_module_info_get_key(entry), "name") == 0)
            name = kmod_module_info_get_value(entry);
    }
    kmod_module_info_free_list(info);
    if (name.empty())
        throw ModuleError(ErrorCode::InvalidArgument,
                          "not a kernel module: the file has no .modinfo name");
    return normalize_module_name(name);
}

bool is_builtin(kmod_module* module) {
    // A module with a file in this tree is loadable whatever the running kernel's /sys/module
    // says (libkmod takes any /sys/module/NAME without initstate for builtin).
    return kmod_module_get_path(module) == nullptr &&
           kmod_module_get_initstate(module) == KMOD_MODULE_BUILTIN;
}

std::map<std::string, std::string> declared_parameters(kmod_module* module,
                                                       const std::string& shown_name) {
    kmod_list* info = nullptr;
    const int err = kmod_module_get_info(module, &info);
    if (err < 0)
        throw ModuleError(ErrorCode::Failed, "cannot read the parameters " + shown_name +
                                                 " declares: " + std::strerror(-err));
    std::map<std::string, std::string> declared;
    kmod_list* entry = nullptr;
    kmod_list_foreach(entry, info) {
        const std::string key = kmod_module_info_get_key(entry);
        if (key != "parm" && key != "parmtype")
            continue;
        const std::string value = kmod_module_info_get_value(entry);
        const size_t colon = value.find(':');
        std::string& type = declared[normalize_module_name(value.substr(0, colon))];
        if (key == "parmtype" && colon != std::string::npos)
            type = value.substr(colon + 1);
    }
    kmod_module_info_free_list(info);
    return declared;
}

void check_parameters(kmod_module* module, const std::string& shown_name,
                      const std::vector<std::string>& parameters) {
    if (parameters.empty())
        return;
    const std::map<std::string, std::string> declared = declared_parameters(module, shown_name);
    for (const auto& parameter : parameters) {
        const auto [key, value] = split_parameter(parameter);
        const std::string name = normalize_module_name(key);
        // dyndbg is handled by the kernel's dynamic debug core for every module.
        if (name == "dyndbg")
            continue;
        const auto it = declared.find(name);
        if (it != declared.end()) {
            checked_parameter_value(key, it->second, value);
            continue;
        }
        std::vector<std::string> names;
        for (const auto& known : declared)
            names.push_back(known.first);
        const std::string has = names.empty() ? "it has none" : "it has: " + join(names, ", ");
        throw ModuleError(ErrorCode::InvalidArgument, "unknown parameter '" + name +
                                                          "' for module " + shown_name + " (" +
                                                          has + ")");
    }
}

} // namespace modmgr
