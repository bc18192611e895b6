#include "status_format.h"

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

#include "taint_flags.h"
#include "text/string_join.h"

namespace modmgr {

namespace {

std::string tainted_text(uint64_t tainted) {
    if (tainted == 0)
        return "no";
    return join(taint_letters(tainted), " ") + " (" + std::to_string(tainted) + ")";
}

// Lockdown's integrity mode (and confidentiality, which includes it) refuses unsigned
// modules whatever module.sig_enforce says.
bool lockdown_refuses_unsigned(const std::string& lockdown) {
    return lockdown == "integrity" || lockdown == "confidentiality";
}

std::string signatures_text(const SystemStatus& status) {
    if (status.signatures_enforced)
        return "enforced (module.sig_enforce)";
    return lockdown_refuses_unsigned(status.lockdown) ? "enforced (lockdown)" : "not enforced";
}

std::string lockdown_text(const std::string& lockdown) {
    if (lockdown.empty())
        return "unknown (no /sys/kernel/security/lockdown)";
    return lockdown_refuses_unsigned(lockdown) ? lockdown + " (only signed modules load)" : lockdown;
}

std::string configuration_text(const ConfigCounts& counts) {
    const std::string at_least = counts.truncated ? "at least " : "";
    return at_least + std::to_string(counts.entries) +
           (counts.entries == 1 ? " entry" : " entries") + " in effect";
}

std::string owned_files_text(const ConfigCounts& counts) {
    const std::string at_least = counts.truncated ? "at least " : "";
    return at_least + std::to_string(counts.blacklisted) + " blacklisted, " + at_least +
           std::to_string(counts.masked) + " masked, " + at_least + std::to_string(counts.options) + " with options, " + at_least +
           std::to_string(counts.load_at_boot) + " loaded at boot";
}

} // namespace

ConfigCounts count_configuration(const ConfigOverview& overview) {
    std::set<std::string> blacklisted, masked, options, load_at_boot;
    for (const auto& [name, source] : overview.entries) {
        if (!source.managed)
            continue;
        if (source.kind == "blacklist")
            blacklisted.emplace(name);
        else if (source.kind == "mask")
            masked.emplace(name);
        else if (source.kind == "options")
            options.emplace(name);
        else if (source.kind == "load")
            load_at_boot.emplace(name);
    }
    // A mask writes a blacklist line too; a masked module counts as masked only.
    for (const auto& name : masked)
        blacklisted.erase(name);
    return {blacklisted.size(), masked.size(), options.size(), load_at_boot.size(),
            overview.entries.size(), overview.truncated};
}

std::string format_status(const SystemStatus& status) {
    const std::vector<std::pair<std::string, std::string>> lines{
        {"modmgrd", status.version},
        {"Kernel release", status.kernel_release},
        {"Loaded modules", std::to_string(status.loaded_count)},
        {"Tainted", tainted_text(status.tainted)},
        {"Module loading",
         status.modules_disabled ? "disabled until reboot (kernel.modules_disabled)" : "enabled"},
        {"Signatures", signatures_text(status)},
        {"Lockdown", lockdown_text(status.lockdown)},
        {"modmgrd's files", owned_files_text(status.counts)},
        {"Configuration", configuration_text(status.counts)},
    };
    size_t width = 0;
    for (const auto& line : lines)
        width = std::max(width, line.first.size());
    std::string text;
    for (const auto& [label, value] : lines)
        text += std::string(width - label.size(), ' ') + label + ": " + value + "\n";
    return text;
}

} // namespace modmgr
