#include "configure_commands.h"

#include <algorithm>
#include <stdexcept>

#include "bus_error.h"
#include "config_change_message.h"
#include "config_format.h"
#include "error_message.h"
#include "json_output.h"
#include "module_changes_format.h"
#include "wire_contract.h"

namespace modmgr {

namespace {

bool change_configuration(ManagerClient& client, const CommandLine& line) {
    const uint64_t flags = line.flags();
    switch (line.command) {
    case Command::Blacklist:
        return client.set_blacklisted(line.target, true, flags);
    case Command::Unblacklist:
        return client.set_blacklisted(line.target, false, flags);
    case Command::Mask:
        return client.set_masked(line.target, true, flags);
    case Command::Unmask:
        return client.set_masked(line.target, false, flags);
    case Command::Options:
        return client.set_options(line.target, line.parameters, flags);
    case Command::Enable:
        return client.set_load_at_boot(line.target, true, flags);
    case Command::Disable:
        return client.set_load_at_boot(line.target, false, flags);
    default:
        throw std::logic_error("not a configuration command");
    }
}

// A mask keeps a module from loading, and leaves one that is loaded in the kernel: say so,
// since that is not what "mask" may suggest.
std::string loaded_despite_mask(ManagerClient& client, const CommandLine& line) {
    std::string name = line.target;
    std::replace(name.begin(), name.end(), '-', '_');
    for (const auto& module : client.list())
        if (module.name == name)
            return format_warnings({name + " is loaded now and stays loaded: the mask keeps it "
                                           "from loading again (modctl unload " + name +
                                    ", or modctl mask --now " + name + ")"});
    return "";
}

// The --now step; adds its result to `document` and returns its text. Like `systemctl
// disable --now` on a stopped unit, disabling (or masking) a module that is not loaded has
// nothing to unload: the state asked for holds.
std::string load_or_unload_now(ManagerClient& client, const CommandLine& line,
                               nlohmann::json& document, TextOutput& messages) {
    const uint64_t flags = line.flags();
    if (line.command == Command::Enable) {
        const auto loaded = client.load(line.target, {}, flags);
        messages << format_warnings(loaded.warnings);
        document.update(load_json(loaded.inserted, line.dry_run));
        return format_inserted(loaded.inserted, line.dry_run);
    }
    std::vector<std::string> removed;
    try {
        removed = client.unload(line.target, flags);
    } catch (const BusError& error) {
        if (error.name() != wire::error::kNotLoaded)
            throw;
    }
    document.update(unload_json(removed, line.dry_run));
    return format_removed(removed, line.dry_run);
}

} // namespace

void run_configuration_change(ManagerClient& client, const CommandLine& line, TextOutput& out,
                              TextOutput& messages) {
    const bool changed = change_configuration(client, line);
    auto document = config_change_json(line.target, changed, line.dry_run);
    std::string text = config_change_message(line, changed) + "\n";
    if (line.now) {
        try {
            text += load_or_unload_now(client, line, document, messages);
        } catch (const BusError& error) {
            throw failure_after_config_change(
                line, changed, failure_from_bus_error(error.name(), error.message()));
        }
    } else if (line.command == Command::Mask) {
        messages << loaded_despite_mask(client, line);
    }
    if (!line.quiet)
        out << (line.json ? render_json(document, line.json_mode) : text);
}

void run_show_configuration(ManagerClient& client, const CommandLine& line, TextOutput& out) {
    const auto configuration = client.configuration(line.target);
    out << (line.json ? render_json(dictionary_json(configuration), line.json_mode)
                      : format_configuration(configuration));
}

} // namespace modmgr
