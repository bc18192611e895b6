#include "config/config_editor.h"

#include <filesystem>
#include <set>

#include "base/atomic_file.h"
#include "base/input_validation.h"
#include "base/module_error.h"
#include "config/config_syntax.h"
#include "config/owned_files.h"
#include "lookup/module_resolution.h"
#include "text/string_join.h"
#include "wire_contract.h"

namespace modmgr {
namespace {

namespace fs = std::filesystem;

using Parse = OwnedFiles (*)(const std::string& text, const std::string& path);
using Render = std::string (*)(const OwnedFiles&);

// Setting something needs a module the configuration lines can apply to. `action` says
// what was asked ("blacklist dummy"), `builtin_reason` why it means nothing for a module
// built into the kernel.
void require_module(ModuleKind kind, const std::string& name, const std::string& action,
                    const std::string& builtin_reason) {
    switch (kind) {
    case ModuleKind::Module:
        return;
    case ModuleKind::Builtin:
        throw ModuleError(ErrorCode::Builtin,
                          "cannot " + action + ": it is built into the kernel, " + builtin_reason);
    case ModuleKind::Alias:
        throw ModuleError(ErrorCode::InvalidArgument,
                          "cannot " + action + ": " + name +
                              " is an alias, and a module name is needed (modctl info " + name +
                              " names the module)");
    case ModuleKind::Unknown:
        break;
    }
    throw ModuleError(ErrorCode::NotFound,
                      "cannot " + action + ": no module " + name + " in this kernel's module tree");
}

std::vector<ConfigSource> sources_of_kind(const ModuleConfiguration& configuration,
                                          const std::string& kind, bool include_managed) {
    std::vector<ConfigSource> found;
    for (const auto& source : configuration.sources)
        if (source.kind == kind && (include_managed || !source.managed))
            found.push_back(source);
    return found;
}

std::string places(const std::vector<ConfigSource>& sources) {
    std::vector<std::string> where;
    for (const auto& source : sources)
        where.push_back(place_of(source));
    return join(where, ", ");
}

// "F:L (not managed by modmgrd) and the kernel command line (W); remove that line and
// change the kernel command line to GOAL": every source, and what to do about each kind.
std::string overridden_by(const std::vector<ConfigSource>& sources, const std::string& goal) {
    std::vector<ConfigSource> files;
    std::vector<ConfigSource> words;
    for (const auto& source : sources)
        (source.line > 0 ? files : words).push_back(source);
    std::string where;
    std::string remedy;
    if (!files.empty()) {
        where = places(files) + " (not managed by modmgrd)";
        remedy = files.size() == 1 ? "remove that line" : "remove those lines";
    }
    if (!words.empty()) {
        where += (where.empty() ? "" : " and ") + places(words);
        remedy += std::string(remedy.empty() ? "" : " and ") + "change the kernel command line";
    }
    return where + "; " + remedy + " to " + goal;
}

// The parameter name the kernel compares: parse_args() treats '-' and '_' alike.
std::string parameter_key(const std::string& parameter) {
    const size_t start = parameter.empty() || parameter[0] != '"' ? 0 : 1;
    return normalize_module_name(parameter.substr(start, parameter.find('=') - start));
}

// Options sources that libkmod applies after the owned file (a later file name, or the
// kernel command line) and set one of `parameters`' keys again: the value asked for would
// not be the one the module gets.
void check_not_set_later(const ModuleConfiguration& configuration,
                         const std::vector<std::string>& parameters, const std::string& owned) {
    std::set<std::string> keys;
    for (const auto& parameter : parameters)
        keys.insert(parameter_key(parameter));
    const std::string owned_name = fs::path(owned).filename().string();
    std::vector<std::string> conflicts;
    for (const auto& source : sources_of_kind(configuration, "options", false)) {
        const bool later = source.line == 0 || fs::path(source.file).filename().string() > owned_name;
        if (!later)
            continue;
        std::set<std::string> reported;
        for (const auto& option : options_of(source)) {
            const std::string key = parameter_key(option);
            if (keys.count(key) != 0 && reported.insert(key).second)
                conflicts.push_back(key + " is set again by " + place_of(source) + ", which " +
                                    (source.line == 0 ? "applies" : "is read") + " after " +
                                    owned);
        }
    }
    if (!conflicts.empty())
        throw ModuleError(ErrorCode::Overridden, "options for " + configuration.name + ": " +
                                                     join(conflicts, "; "));
}

// Applies `change` to what the owned file at `path` says and writes the result (or removes
// the file when it manages nothing any more) unless nothing changed; whether something did.
// With DRY_RUN nothing is written.
template <typename Change>
bool update(const std::string& path, const ConfigIndex& current, Parse parse, Render render,
            uint64_t flags, Change change) {
    const OwnedFiles before = parse(current.owned_text(path), path);
    OwnedFiles after = before;
    change(after);
    if (after == before)
        return false;
    if (flags & wire::kDryRun)
        return true;
    const std::string text = render(after);
    if (text.empty())
        remove_file_durably(path);
    else
        write_file_atomically(path, text);
    return true;
}

// A mask decides over a change that asks for the opposite (`action`, "unblacklist dummy"): it
// is the mask that has to go first.
void refuse_if_masked(const ModuleConfiguration& configuration, const std::string& action,
                      const std::string& what_it_does) {
    const auto masks = sources_of_kind(configuration, "mask", true);
    if (!masks.empty())
        throw ModuleError(ErrorCode::Masked, "cannot " + action + ": it is masked by " +
                                                 places(masks) + ", which " + what_it_does +
                                                 "; unmask it first");
}

void set_member(std::set<std::string>& names, const std::string& name, bool member) {
    if (member)
        names.insert(name);
    else
        names.erase(name);
}

} // namespace

ConfigEditor::ConfigEditor(ConfigLayout layout) : layout_(std::move(layout)) {
    remove_stale_temp_files(layout_.owned_modprobe_file);
    remove_stale_temp_files(layout_.owned_modules_load_file);
}

bool ConfigEditor::set_blacklisted(const PlainModuleName& module, bool blacklisted,
                                   ModuleKind kind, const ConfigIndex& current, uint64_t flags) {
    const std::string name = normalize_module_name(module.str());
    if (blacklisted) {
        require_module(kind, name, "blacklist " + name,
                       "which a blacklist cannot keep from being there");
    } else {
        const ModuleConfiguration configuration = current.of(name);
        refuse_if_masked(configuration, "unblacklist " + name, "blacklists it too");
        const auto kept = sources_of_kind(configuration, "blacklist", false);
        if (!kept.empty())
            throw ModuleError(ErrorCode::Overridden, name + " stays blacklisted by " +
                                                         overridden_by(kept, "unblacklist it"));
    }
    return update(layout_.owned_modprobe_file, current, parse_modprobe_file, render_modprobe_file,
                  flags,
                  [&](OwnedFiles& config) { set_member(config.blacklisted, name, blacklisted); });
}

bool ConfigEditor::set_options(const PlainModuleName& module, const ModuleParameters& checked,
                               ModuleKind kind, const ConfigIndex& current, uint64_t flags) {
    const std::string name = normalize_module_name(module.str());
    const std::vector<std::string>& parameters = checked.list();
    // Clearing takes back what was set through modmgrd. Other files' options stay in effect
    // and are not in the way of that: vendors ship defaults for common modules (systemd's
    // "options dummy numdummies=0"), and GetConfiguration shows them.
    if (!parameters.empty()) {
        require_module(kind, name, "set options for " + name,
                       "so its parameters go on the kernel command line (" + name +
                           ".PARAM=VALUE), not into modprobe.d");
        check_not_set_later(current.of(name), parameters, layout_.owned_modprobe_file);
    }
    return update(layout_.owned_modprobe_file, current, parse_modprobe_file, render_modprobe_file,
                  flags,
                  [&](OwnedFiles& config) {
                      if (parameters.empty())
                          config.options.erase(name);
                      else
                          config.options[name] = parameters;
                  });
}

bool ConfigEditor::set_load_at_boot(const PlainModuleName& module, bool enabled,
                                    ModuleKind kind, const ConfigIndex& index, uint64_t flags) {
    const std::string name = normalize_module_name(module.str());
    const ModuleConfiguration current = index.of(name);
    if (enabled) {
        require_module(kind, name, "load " + name + " at boot", "so it is always there");
        refuse_if_masked(current, "load " + name + " at boot", "keeps it from loading");
        // systemd-modules-load probes with KMOD_PROBE_APPLY_BLACKLIST, and the kernel refuses
        // module_blacklist= names: a blacklisted module would silently not load.
        const auto blacklists = sources_of_kind(current, "blacklist", true);
        if (!blacklists.empty())
            throw ModuleError(ErrorCode::Blacklisted,
                              name + " is blacklisted by " + places(blacklists) +
                                  ", so it would not be loaded at boot; unblacklist it first");
    } else {
        const auto kept = sources_of_kind(current, "load", false);
        if (!kept.empty())
            throw ModuleError(ErrorCode::Overridden,
                              name + " stays loaded at boot by " +
                                  overridden_by(kept, "stop loading it at boot"));
    }
    return update(layout_.owned_modules_load_file, index, parse_modules_load_file,
                  render_modules_load_file, flags,
                  [&](OwnedFiles& config) { set_member(config.load_at_boot, name, enabled); });
}

bool ConfigEditor::set_masked(const PlainModuleName& module, bool masked, ModuleKind kind,
                              const ConfigIndex& current, uint64_t flags) {
    const std::string name = normalize_module_name(module.str());
    if (masked) {
        require_module(kind, name, "mask " + name, "which a mask cannot keep from being there");
    } else {
        const auto kept = sources_of_kind(current.of(name), "mask", false);
        if (!kept.empty())
            throw ModuleError(ErrorCode::Overridden,
                              name + " stays masked by " + overridden_by(kept, "unmask it"));
    }
    return update(layout_.owned_modprobe_file, current, parse_modprobe_file, render_modprobe_file,
                  flags, [&](OwnedFiles& config) {
                      if (masked)
                          config.masked.insert(name);
                      else if (config.masked.erase(name) != 0)
                          config.blacklisted.erase(name);
                  });
}

} // namespace modmgr
