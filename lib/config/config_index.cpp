#include "config/config_index.h"

#include <algorithm>
#include <sstream>
#include <utility>

#include "config/config_syntax.h"
#include "config/masks.h"
#include "load/module_parameters.h"
#include "lookup/module_resolution.h"

namespace modmgr {
namespace {

using Setting = std::pair<std::string, std::string>; // kind, module

// Comma-separated module names, each once.
void add_each(const std::string& kind, const std::string& list, std::vector<Setting>& settings) {
    std::istringstream names(list);
    for (std::string name; std::getline(names, name, ',');) {
        const Setting setting{kind, normalize_module_name(name)};
        if (!name.empty() && std::find(settings.begin(), settings.end(), setting) == settings.end())
            settings.push_back(setting);
    }
}

// What one word of the kernel command line configures besides what libkmod reads there
// (libkmod_cmdline_settings()): module_blacklist= is the kernel's own refusal to load;
// modules_load= is systemd-modules-load's, whose keys treat '-' and '_' alike.
// rd.modules_load= applies only in the initrd and is ignored.
std::vector<Setting> cmdline_settings(const std::string& word) {
    std::vector<Setting> settings;
    const size_t equals = word.find('=');
    const std::string key = normalize_module_name(word.substr(0, equals));
    const std::string value = equals == std::string::npos ? "" : word.substr(equals + 1);
    if (key == "module_blacklist")
        add_each("blacklist", value, settings);
    else if (key == "modules_load")
        add_each("load", value, settings);
    return settings;
}

} // namespace

std::vector<std::string> options_of(const ConfigSource& source) {
    if (source.kind != "options")
        return {};
    if (source.line == 0) {
        for (const auto& setting : libkmod_cmdline_settings(source.text))
            if (setting.kind == "options")
                return split_options(setting.option);
        return {};
    }
    const auto statement = parse_modprobe_line(source.text);
    return statement ? split_options(statement->rest) : std::vector<std::string>{};
}

std::string place_of(const ConfigSource& source) {
    if (source.line == 0)
        return "the kernel command line (" + source.text + ")";
    return source.file + ":" + std::to_string(source.line);
}

ConfigIndex ConfigIndex::read(const ConfigLayout& layout) {
    ConfigIndex index;
    const auto add = [&index](const std::string& module, ConfigSource source) {
        auto& sources = index.sources_[module];
        index.order_.emplace_back(module, sources.size());
        sources.push_back(std::move(source));
    };
    // Each file is read once, stamped first; the owned ones are kept whole for ConfigEditor
    // (and read here even when a test's layout does not list them).
    const auto text_of = [&index, &layout](const std::string& file) {
        index.stamp_.add(file);
        std::string text = read_config_text(file);
        if (file == layout.owned_modprobe_file || file == layout.owned_modules_load_file)
            index.owned_texts_[file] = text;
        return text;
    };
    // The directories are stamped before they are listed: a file added later changes them.
    for (const auto& paths : {layout.modprobe_paths, layout.modules_load_paths})
        for (const auto& path : paths)
            index.stamp_.add(path);
    for (const auto& file : config_files(layout.modprobe_paths, kModprobeSuffixes)) {
        const bool managed = file == layout.owned_modprobe_file;
        for (const auto& line : modprobe_lines(text_of(file)))
            if (const auto statement = parse_modprobe_line(line.text)) {
                const bool mask = statement->keyword == "install" && is_mask_command(statement->rest);
                add(statement->module,
                    {mask ? "mask" : statement->keyword, file, line.number, line.text, managed});
            }
    }
    for (const auto& file : config_files(layout.modules_load_paths, kModulesLoadSuffixes)) {
        const bool managed = file == layout.owned_modules_load_file;
        for (const auto& line : modules_load_lines(text_of(file)))
            add(normalize_module_name(line.text), {"load", file, line.number, line.text, managed});
    }
    index.stamp_.add(layout.kernel_cmdline);
    const std::string cmdline = read_config_text(layout.kernel_cmdline);
    for (const auto& setting : libkmod_cmdline_settings(cmdline)) {
        // libkmod compares a blacklist entry with module names as they are ('_' for '-'):
        // one written otherwise blacklists no module.
        if (setting.kind == "blacklist" && setting.module != normalize_module_name(setting.module))
            continue;
        add(normalize_module_name(setting.module),
            {setting.kind, layout.kernel_cmdline, 0, setting.word, false});
    }
    for (const auto& word : kernel_cmdline_words(cmdline))
        for (const auto& [kind, module] : cmdline_settings(word))
            add(module, {kind, layout.kernel_cmdline, 0, word, false});
    for (const auto& owned : {layout.owned_modprobe_file, layout.owned_modules_load_file})
        if (index.owned_texts_.count(owned) == 0)
            text_of(owned);
    return index;
}

const std::string& ConfigIndex::owned_text(const std::string& path) const {
    static const std::string none;
    const auto found = owned_texts_.find(path);
    return found == owned_texts_.end() ? none : found->second;
}

ModuleConfiguration ConfigIndex::of(const std::string& module) const {
    ModuleConfiguration configuration;
    configuration.name = normalize_module_name(module);
    const auto found = sources_.find(configuration.name);
    if (found == sources_.end())
        return configuration;
    configuration.sources = found->second;
    for (const auto& source : configuration.sources) {
        configuration.blacklisted = configuration.blacklisted || source.kind == "blacklist";
        configuration.masked = configuration.masked || source.kind == "mask";
        configuration.load_at_boot = configuration.load_at_boot || source.kind == "load";
        for (auto& option : options_of(source))
            configuration.options.push_back(std::move(option));
    }
    return configuration;
}

void ConfigIndex::for_each_in_order(
    const std::function<bool(const std::string& module, const ConfigSource&)>& visit) const {
    for (const auto& [module, position] : order_)
        if (!visit(module, sources_.at(module)[position]))
            return;
}

std::set<std::string> ConfigIndex::changed_modules(const ConfigIndex& other) const {
    std::set<std::string> changed;
    for (const auto& [module, sources] : sources_) {
        const auto there = other.sources_.find(module);
        if (there == other.sources_.end() || there->second != sources)
            changed.insert(module);
    }
    for (const auto& [module, sources] : other.sources_)
        if (sources_.count(module) == 0)
            changed.insert(module);
    return changed;
}

} // namespace modmgr
