#include "config/owned_files.h"

#include "base/input_validation.h"
#include "base/module_error.h"
#include "config/config_syntax.h"
#include "config/masks.h"
#include "load/module_parameters.h"
#include "lookup/module_resolution.h"

namespace modmgr {
namespace {

// '#' starts a comment for libkmod and systemd alike.
const char* const kHeader =
    "# Managed by modmgrd (org.modmgr1): written by `modctl blacklist/mask/options/enable`\n"
    "# and the org.modmgr1 D-Bus API, which rewrite this file. Lines added here by hand\n"
    "# are kept, comments are not: put your own configuration in a file of your own.\n";

std::string options_line(const std::string& module, const std::vector<std::string>& parameters) {
    std::string line = "options " + module;
    for (const auto& parameter : parameters)
        line += ' ' + modprobe_escaped(quote_parameter(parameter));
    return line;
}

[[noreturn]] void not_ours(const std::string& path, const LogicalLine& line,
                           const std::string& why) {
    throw ModuleError(ErrorCode::Failed,
                      path + ":" + std::to_string(line.number) + ": " + why + ": " +
                          quoted_for_message(line.text) +
                          "; modmgrd changes nothing in this file until that line is fixed "
                          "or removed");
}

// `name` as modmgrd writes it, if it is a module name.
std::string module_name_at(const std::string& name, const std::string& path,
                           const LogicalLine& line) {
    try {
        validate_plain_module_name(name);
    } catch (const ModuleError& e) {
        not_ours(path, line, e.what());
    }
    return normalize_module_name(name);
}

// A parameter as written (key, key=value or key="value") in the form a caller gives it.
std::string unquoted(const std::string& written) {
    const size_t equals = written.find('=');
    if (equals == std::string::npos)
        return written;
    const std::string value = written.substr(equals + 1);
    if (value.size() < 2 || value.front() != '"' || value.back() != '"')
        return written;
    return written.substr(0, equals + 1) + value.substr(1, value.size() - 2);
}

// The parameters an options line adds to those `parameters` already holds for its module.
// The whole list is checked, as rendering checks it: several lines for a module, each fine
// on its own, may hold more parameters than one module may have.
void add_parameters_at(const std::string& options, const std::string& path,
                       const LogicalLine& line, std::vector<std::string>& parameters) {
    const size_t before = parameters.size();
    for (const auto& written : split_options(options))
        parameters.push_back(unquoted(written));
    if (parameters.size() == before)
        not_ours(path, line, "an options line without parameters");
    try {
        validate_parameters(parameters);
    } catch (const ModuleError& e) {
        not_ours(path, line, e.what());
    }
}

bool is_blank(const std::string& text) { return text.find_first_not_of(" \t") == std::string::npos; }

} // namespace

std::string render_modprobe_file(const OwnedFiles& config) {
    std::set<std::string> modules = config.blacklisted;
    modules.insert(config.masked.begin(), config.masked.end());
    for (const auto& [module, parameters] : config.options) {
        validate_parameters(parameters);
        if (!parameters.empty())
            modules.insert(module);
    }
    for (const auto& module : modules)
        validate_plain_module_name(module);
    if (modules.empty())
        return "";
    std::string text = kHeader;
    for (const auto& module : modules) {
        const bool masked = config.masked.count(module) != 0;
        if (masked || config.blacklisted.count(module) != 0)
            text += "blacklist " + module + "\n";
        if (masked)
            text += "install " + module + " " + kMaskCommand + "\n";
        const auto options = config.options.find(module);
        if (options != config.options.end() && !options->second.empty())
            text += options_line(module, options->second) + "\n";
    }
    return text;
}

std::string render_modules_load_file(const OwnedFiles& config) {
    if (config.load_at_boot.empty())
        return "";
    std::string text = kHeader;
    for (const auto& module : config.load_at_boot) {
        validate_plain_module_name(module);
        text += module + "\n";
    }
    return text;
}

OwnedFiles parse_modprobe_file(const std::string& text, const std::string& path) {
    OwnedFiles config;
    for (const auto& line : modprobe_lines(text)) {
        const size_t first = line.text.find_first_not_of(" \t");
        if (first == std::string::npos || line.text[first] == '#')
            continue;
        const auto statement = parse_modprobe_line(line.text);
        if (!statement || (statement->keyword != "blacklist" && statement->keyword != "options" &&
                           statement->keyword != "install"))
            not_ours(path, line, "not a blacklist, mask or options line");
        const std::string module = module_name_at(statement->module, path, line);
        if (statement->keyword == "options") {
            add_parameters_at(statement->rest, path, line, config.options[module]);
        } else if (statement->keyword == "install") {
            if (!is_managed_mask_command(statement->rest))
                not_ours(path, line, std::string("an install line other than ") + kMaskCommand);
            config.masked.insert(module);
        } else if (is_blank(statement->rest)) {
            config.blacklisted.insert(module);
        } else {
            not_ours(path, line, "a blacklist line names one module");
        }
    }
    return config;
}

OwnedFiles parse_modules_load_file(const std::string& text, const std::string& path) {
    OwnedFiles config;
    for (const auto& line : modules_load_lines(text))
        config.load_at_boot.insert(module_name_at(line.text, path, line));
    return config;
}

} // namespace modmgr
