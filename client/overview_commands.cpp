#include "overview_commands.h"

#include <string_view>

#include "config_overview_format.h"
#include "json_output.h"
#include "listing.h"
#include "status_format.h"
#include "wire_contract.h"

namespace modmgr {

namespace {

namespace properties = wire::manager_property;

std::string text_property(const DecodedDictionary& all, const char* name) {
    const auto* value = find_value_as<std::string_view>(all, name);
    return value ? std::string(*value) : std::string();
}

} // namespace

void run_status(ManagerClient& client, const CommandLine& line, TextOutput& out) {
    const DecodedDictionary all = client.manager_properties();
    const KernelStatusReply kernel = client.kernel_status();
    SystemStatus status;
    status.version = text_property(all, properties::kVersion);
    status.kernel_release = text_property(all, properties::kKernelRelease);
    if (const auto* count = find_value_as<uint64_t>(all, properties::kLoadedCount))
        status.loaded_count = *count;
    status.tainted = kernel.tainted;
    status.modules_disabled = kernel.modules_disabled;
    status.signatures_enforced = kernel.signatures_enforced;
    status.lockdown = kernel.lockdown;
    status.counts = count_configuration(client.list_configuration());
    out << (line.json ? render_json(status_json(status), line.json_mode) : format_status(status));
}

void run_config_overview(ManagerClient& client, const CommandLine& line, const TerminalStyle& style,
                         TextOutput& out) {
    const ConfigOverview overview = client.list_configuration();
    out << (line.json ? render_json(config_overview_json(overview), line.json_mode)
                      : render_listing(config_overview_listing(overview), !line.no_legend, style));
}

} // namespace modmgr
