#include "load/module_parameters.h"

namespace modmgr {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n'; }

} // namespace

std::pair<std::string, std::optional<std::string>> split_parameter(const std::string& parameter) {
    const size_t equals = parameter.find('=');
    if (equals == std::string::npos)
        return {parameter, std::nullopt};
    return {parameter.substr(0, equals), parameter.substr(equals + 1)};
}

std::string quote_parameter(const std::string& parameter) {
    const size_t equals = parameter.find('=');
    if (equals == std::string::npos)
        return parameter;
    const std::string value = parameter.substr(equals + 1);
    // The kernel's parse_args() splits on spaces unless they are inside double quotes, and
    // takes a quoted value without its quotes: quoting a trailing backslash changes nothing
    // for the kernel and keeps it from ending a modprobe.d line.
    const bool ends_in_backslash = !value.empty() && value.back() == '\\';
    if (value.find(' ') == std::string::npos && !ends_in_backslash)
        return parameter;
    return parameter.substr(0, equals + 1) + '"' + value + '"';
}

std::string merge_parameters(const std::string& configured,
                             const std::vector<std::string>& parameters) {
    // Configured options come first so the caller's value of a key is the one the kernel
    // keeps (parse_args applies them in order, the last wins).
    std::string merged;
    for (const auto& option : split_options(configured)) {
        if (!merged.empty())
            merged += ' ';
        merged += option;
    }
    for (const auto& parameter : parameters) {
        if (!merged.empty())
            merged += ' ';
        merged += quote_parameter(parameter);
    }
    return merged;
}

std::vector<std::string> split_options(const std::string& options) {
    std::vector<std::string> result;
    std::string current;
    bool in_quotes = false;
    for (char c : options) {
        if (c == '"')
            in_quotes = !in_quotes;
        if (is_blank(c) && !in_quotes) {
            if (!current.empty())
                result.push_back(current);
            current.clear();
            continue;
        }
        current += c;
    }
    if (!current.empty())
        result.push_back(current);
    return result;
}

} // namespace modmgr
