#include "info/module_info_reader.h"

#include <libkmod.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <system_error>

#include "base/input_validation.h"
#include "base/module_error.h"
#include "info/modinfo_fields.h"
#include "kernel/loaded_module.h"
#include "lookup/kmod_module_ptr.h"

namespace modmgr {

namespace {

namespace fs = std::filesystem;

// The modinfo fields of one module; `what` names it in errors, `unreadable` is the error for
// a file that is not a module (the caller's mistake for a file, the tree's for a name).
ModuleInfo modinfo_of(kmod_module* module, const std::string& what, ErrorCode unreadable) {
    const char* path = kmod_module_get_path(module);
    const bool builtin = path == nullptr;

    kmod_list* list = nullptr;
    const int err = kmod_module_get_info(module, &list);
    ModinfoEntries entries;
    if (err >= 0) {
        for (kmod_list* l = list; l != nullptr; l = kmod_list_next(list, l))
            entries.emplace_back(kmod_module_info_get_key(l), kmod_module_info_get_value(l));
        kmod_module_info_free_list(list);
    } else if (err == -ENOENT && !builtin) {
        throw ModuleError(ErrorCode::NotFound,
                          what + ": module file " + path + " is indexed but missing");
    } else if (err != -ENOENT) {
        // -ENOENT for a builtin module only means the kernel predates modules.builtin.modinfo.
        throw ModuleError(unreadable,
                          what + ": cannot read module information: " + std::strerror(-err));
    }

    ModuleInfo info = modinfo_fields(entries);
    info["builtin"] = builtin;
    // Whether the file carries a signature (modinfo's sig_id); the kernel's verdict on it,
    // when it is loaded, is add_live_state's. Part of the kernel image, a builtin one has none.
    if (!builtin)
        info["signed"] = info.count("sig_id") > 0;
    info["filename"] = builtin ? std::string("(builtin)") : std::string(path);
    return info;
}

// modinfo_of for a module found by name, from `cache` while its file is unchanged.
ModuleInfo kept_modinfo_of(kmod_module* module, const std::string& what, ModinfoCache* cache) {
    const char* path = kmod_module_get_path(module);
    if (cache == nullptr || path == nullptr)
        return modinfo_of(module, what, ErrorCode::Failed);
    if (const ModuleInfo* kept = cache->find(path))
        return *kept;
    ConfigStamp stamp;
    stamp.add(path); // before reading: a change meanwhile shows as a difference later
    ModuleInfo fields = modinfo_of(module, what, ErrorCode::Failed);
    cache->keep(path, std::move(stamp), fields);
    return fields;
}

// What "signed" says of a loaded module: Info by name describes the module in the kernel,
// Info by path and InfoFile a file (which may not be the one the kernel loaded).
enum class Signed { KernelsVerdict, FilesSignature };

// A builtin module is in the kernel as much as a loaded one, though /proc/modules, and so
// List and the module objects, list only the loaded ones (as lsmod does): loaded is true for
// it, its state "builtin", and it has no size, reference count or holders of its own.
void add_live_state(ModuleInfo& info, KernelPort& kernel, Signed signed_means) {
    const auto name = info.find("name");
    if (name == info.end()) {
        info["loaded"] = false;
        return;
    }
    const std::string& module = std::get<std::string>(name->second);
    if (std::get<bool>(info.at("builtin"))) {
        info["loaded"] = true;
        info["state"] = std::string("builtin");
        if (auto parameters = kernel.parameters(module); !parameters.empty())
            info["parameter_values"] = std::move(parameters);
        return;
    }
    std::optional<LoadedModule> loaded = kernel.module(module);
    info["loaded"] = loaded.has_value();
    if (!loaded)
        return;
    info["state"] = std::move(loaded->state);
    info["size"] = loaded->size;
    info["refcount"] = loaded->refcount;
    info["holders"] = std::move(loaded->holders);
    info["parameter_values"] = std::move(loaded->parameters);
    info["taint"] = std::move(loaded->taint);
    if (signed_means == Signed::KernelsVerdict)
        info["signed"] = loaded->signature_verified;
}

// The persistent configuration of `name` (of the module, not of the alias Info was asked
// for), read like GetConfiguration.
void add_configuration(ModuleInfo& info, const ConfigIndex& index, const std::string& name) {
    ModuleConfiguration configuration = index.of(name);
    info["blacklisted"] = configuration.blacklisted;
    info["masked"] = configuration.masked;
    if (!configuration.options.empty())
        info["options"] = std::move(configuration.options);
    info["load_at_boot"] = configuration.load_at_boot;
    info["config_sources"] = std::move(configuration.sources);
}

// Paths are accepted only below the modules directory: the daemon reads them with its own
// privileges, so anything else must come as a file descriptor the caller opened.
fs::path module_file_inside(const std::string& path, const std::string& modules_dir) {
    const std::string hint = "only paths inside " + modules_dir +
                             " are accepted; pass an open file with InfoFile instead";
    const std::string shown = quoted_for_message(path);
    if (!fs::path(path).is_absolute())
        throw ModuleError(ErrorCode::InvalidArgument, shown + ": not an absolute path; " + hint);
    std::error_code ec;
    const fs::path resolved = fs::weakly_canonical(path, ec);
    const fs::path root = fs::weakly_canonical(modules_dir, ec);
    if (ec || resolved.empty() || root.empty())
        throw ModuleError(ErrorCode::InvalidArgument, shown + ": cannot resolve; " + hint);
    const fs::path relative = resolved.lexically_relative(root);
    if (relative.empty() || relative == "." || *relative.begin() == "..")
        throw ModuleError(ErrorCode::InvalidArgument, shown + ": " + hint);
    if (!fs::is_regular_file(resolved, ec))
        throw ModuleError(ErrorCode::NotFound, shown + ": no such module file");
    return resolved;
}

// Distinct names of the modules after the first (an alias can list a module twice).
std::vector<std::string> other_module_names(const std::vector<KmodModulePtr>& modules) {
    const std::string first = kmod_module_get_name(modules.front().get());
    std::vector<std::string> names;
    for (const auto& module : modules) {
        const std::string name = kmod_module_get_name(module.get());
        if (name != first && std::find(names.begin(), names.end(), name) == names.end())
            names.push_back(name);
    }
    return names;
}

} // namespace

ModuleInfo read_module_info(KmodContext& kmod, KernelPort& kernel, const ModulePath& checked) {
    const std::string& path = checked.str();
    const fs::path file = module_file_inside(path, kmod.modules_dir());
    kmod_module* raw = nullptr;
    const int err = kmod_module_new_from_path(kmod.get_without_config(), file.c_str(), &raw);
    if (err < 0)
        throw ModuleError(ErrorCode::NotFound, quoted_for_message(path) + ": " + std::strerror(-err));
    KmodModulePtr module(raw);
    ModuleInfo info = modinfo_of(module.get(), quoted_for_message(path), ErrorCode::InvalidArgument);
    if (!info.count("name"))
        info["name"] = std::string(kmod_module_get_name(module.get()));
    add_live_state(info, kernel, Signed::FilesSignature);
    return info;
}

ModuleInfo read_module_info(KmodContext& kmod, KernelPort& kernel, const ModuleName& checked,
                            const ConfigIndex& configuration, ModinfoCache* cache) {
    const std::string& name = checked.str();
    kmod_list* raw = nullptr;
    const int err = kmod_module_new_from_lookup(kmod.get_without_config(), name.c_str(), &raw);
    if (err < 0)
        throw ModuleError(ErrorCode::Failed,
                          "looking up " + name + " failed: " + std::strerror(-err));
    const std::vector<KmodModulePtr> matches = take_module_list(raw);
    if (matches.empty())
        throw ModuleError(ErrorCode::NotFound, "no module or alias named " + name);

    // An alias can match several modules (modinfo prints them all); Info describes the
    // first, as modprobe would load it first, and names the others.
    kmod_module* first = matches.front().get();
    ModuleInfo info = kept_modinfo_of(first, name, cache);
    const std::string module_name = kmod_module_get_name(first);
    if (!info.count("name"))
        info["name"] = module_name;
    std::vector<std::string> others = other_module_names(matches);
    if (!others.empty())
        info["also_matches"] = std::move(others);

    add_live_state(info, kernel, Signed::KernelsVerdict);
    add_configuration(info, configuration, module_name);
    return info;
}

ModuleInfo read_module_info_image(KmodContext& kmod, KernelPort& kernel, const ModuleImage& image) {
    kmod_module* raw = nullptr;
    const int err = kmod_module_new_from_path(kmod.get_without_config(), image.path().c_str(), &raw);
    if (err < 0)
        throw ModuleError(ErrorCode::InvalidArgument,
                          std::string("cannot open the module file: ") + std::strerror(-err));
    KmodModulePtr module(raw);
    ModuleInfo info = modinfo_of(module.get(), "the module file", ErrorCode::InvalidArgument);
    // libkmod names a module file after its path ("7" here): only the .modinfo name counts.
    if (image.origin().empty())
        info.erase("filename");
    else
        info["filename"] = image.origin();
    add_live_state(info, kernel, Signed::FilesSignature);
    return info;
}

} // namespace modmgr
