#include "module_changes_format.h"

namespace modmgr {

namespace {

std::string lines(const std::vector<std::string>& modules, const char* what) {
    std::string text;
    for (const auto& module : modules)
        text += std::string(what) + ' ' + module + '\n';
    return text;
}

} // namespace

std::string format_inserted(const std::vector<std::string>& modules, bool dry_run) {
    return lines(modules, dry_run ? "would insert" : "inserted");
}

std::string format_removed(const std::vector<std::string>& modules, bool dry_run) {
    return lines(modules, dry_run ? "would remove" : "removed");
}

std::string format_warnings(const std::vector<std::string>& warnings) {
    std::string text;
    for (const auto& warning : warnings)
        text += "modctl: warning: " + warning + '\n';
    return text;
}

} // namespace modmgr
