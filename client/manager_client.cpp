#include "manager_client.h"

#include <unistd.h>

#include <optional>

#include "bus_error.h"
#include "bus_reader.h"
#include "polkit_agent.h"
#include "reply_wait.h"
#include "wire_contract.h"
#include "wire_signatures.h"

namespace modmgr {

namespace {

namespace methods = wire::manager_method;
constexpr char kPropertiesInterface[] = "org.freedesktop.DBus.Properties";

void append(sd_bus_message* message, const std::string& value) {
    bus::append_string(message, value);
}

void append(sd_bus_message* message, const std::vector<std::string>& values) {
    bus::append_strings(message, values);
}

void append(sd_bus_message* message, bool value) {
    bus::append_bool(message, value);
}

// Load's and LoadForDevice's reply: (as inserted, as warnings).
LoadReply read_load_reply(sd_bus_message* reply) {
    LoadReply loaded;
    loaded.inserted = bus::read_strings(reply);
    loaded.warnings = bus::read_strings(reply);
    return loaded;
}

} // namespace

ManagerClient::ManagerClient(bool interactive, const ReplyWait& change_wait,
                             const std::string& host)
    : interactive_(interactive), change_wait_(change_wait), bus_(connect_system_bus(host)) {}

BusMessage ManagerClient::method_call(const char* method, const char* interface) {
    sd_bus_message* message = nullptr;
    check_bus_result(sd_bus_message_new_method_call(bus_.get(), &message, wire::kBusName,
                                                    wire::kManagerPath, interface, method),
                     nullptr, "Failed to create a method call message");
    return BusMessage(message);
}

// A query is answered from what modmgrd has read: sd-bus's default timeout (0) suits it.
void ManagerClient::limit_query_wait(std::chrono::milliseconds limit) {
    check_bus_result(
        sd_bus_set_method_call_timeout(
            bus_.get(), std::chrono::duration_cast<std::chrono::microseconds>(limit).count()),
        nullptr, "Failed to set the method call timeout");
}

BusMessage ManagerClient::call(sd_bus_message* message) {
    OwnedBusError error;
    sd_bus_message* reply = nullptr;
    check_bus_result(sd_bus_call(bus_.get(), message, 0, &error.error, &reply), &error.error,
                     "Failed to call method");
    return BusMessage(reply);
}

BusMessage ManagerClient::call_changing_method(sd_bus_message* message) {
    std::optional<PolkitAgent> agent;
    if (interactive_) {
        check_bus_result(sd_bus_message_set_allow_interactive_authorization(message, 1), nullptr,
                         "Failed to set the interactive authorization flag");
        // Root is authorized without a prompt, so it needs no agent.
        if (::getuid() != 0)
            agent.emplace();
    }
    return await_reply(bus_.get(), message, change_wait_);
}

std::vector<ModuleListEntry> ManagerClient::list() {
    const auto reply = call(method_call(methods::kList).get());
    return bus::read_struct_array(reply.get(), wire_signature::kListRow, [](sd_bus_message* row) {
        ModuleListEntry module;
        module.name = bus::read_string(row);
        module.size = bus::read<uint64_t>(row, 't');
        module.refcount = bus::read<int32_t>(row, 'i');
        module.holders = bus::read_strings(row);
        module.state = bus::read_string(row);
        module.taint = bus::read_string(row);
        module.signature_verified = bus::read_bool(row);
        return module;
    });
}

DecodedDictionary ManagerClient::info(const std::string& name) {
    return inspect(methods::kInfo, name);
}

DecodedDictionary ManagerClient::info_file(const OwnedFd& file) {
    auto message = method_call(methods::kInfoFile);
    bus::append_fd(message.get(), file.get());
    return read_decoded_dictionary(call(message.get()).get());
}

DecodedDictionary ManagerClient::configuration(const std::string& name) {
    return inspect(methods::kGetConfiguration, name);
}

ConfigOverview ManagerClient::list_configuration() {
    ConfigOverview overview;
    overview.reply = call(method_call(methods::kListConfiguration).get());
    overview.entries = bus::read_struct_array(
        overview.reply.get(), wire_signature::kConfigEntryRow, [](sd_bus_message* row) {
            const std::string_view name = bus::read_borrowed_string(row);
            return ConfigOverviewEntry{name, read_config_source(row)};
        });
    overview.truncated = bus::read_bool(overview.reply.get());
    return overview;
}

KernelStatusReply ManagerClient::kernel_status() {
    const auto reply = call(method_call(methods::kGetKernelStatus).get());
    KernelStatusReply status;
    status.tainted = bus::read<uint64_t>(reply.get(), 't');
    status.modules_disabled = bus::read_bool(reply.get());
    status.signatures_enforced = bus::read_bool(reply.get());
    status.lockdown = bus::read_string(reply.get());
    return status;
}

DecodedDictionary ManagerClient::manager_properties() {
    auto get_all = method_call("GetAll", kPropertiesInterface);
    append(get_all.get(), std::string(wire::kManagerInterface));
    return read_decoded_dictionary(call(get_all.get()).get());
}

// Info and GetConfiguration: a name in, a{sv} out, nothing to authorize interactively.
DecodedDictionary ManagerClient::inspect(const char* method, const std::string& name) {
    auto message = method_call(method);
    append(message.get(), name);
    return read_decoded_dictionary(call(message.get()).get());
}

LoadReply ManagerClient::load(const std::string& name, const std::vector<std::string>& parameters,
                              uint64_t flags) {
    auto message = method_call(methods::kLoad);
    append(message.get(), name);
    append(message.get(), parameters);
    bus::append_uint64(message.get(), flags);
    return read_load_reply(call_changing_method(message.get()).get());
}

std::string ManagerClient::load_file(const OwnedFd& file,
                                     const std::vector<std::string>& parameters, uint64_t flags) {
    auto message = method_call(methods::kLoadFile);
    bus::append_fd(message.get(), file.get());
    append(message.get(), parameters);
    bus::append_uint64(message.get(), flags);
    return bus::read_string(call_changing_method(message.get()).get());
}

std::vector<std::string> ManagerClient::unload(const std::string& name, uint64_t flags) {
    auto message = method_call(methods::kUnload);
    append(message.get(), name);
    bus::append_uint64(message.get(), flags);
    return bus::read_strings(call_changing_method(message.get()).get());
}

DeviceListingReply ManagerClient::list_devices(uint64_t flags) {
    auto message = method_call(methods::kListDevices);
    bus::append_uint64(message.get(), flags);
    const auto reply = call(message.get());
    DeviceListingReply listing;
    listing.devices = bus::read_struct_array(reply.get(), wire_signature::kDeviceRow, [](sd_bus_message* row) {
        DeviceEntry device;
        device.bus = bus::read_string(row);
        device.name = bus::read_string(row);
        device.modalias = bus::read_string(row);
        for (const auto& [key, value] : bus::read_borrowed_string_pairs(row))
            device.identity.emplace_back(key, value);
        device.driver = bus::read_string(row);
        device.module = bus::read_string(row);
        device.candidates = bus::read_struct_array(
            row, wire_signature::kDeviceCandidateRow, [](sd_bus_message* candidate) {
                DeviceCandidateEntry entry;
                entry.module = bus::read_string(candidate);
                entry.blacklisted = bus::read_bool(candidate);
                entry.masked = bus::read_bool(candidate);
                return entry;
            });
        return device;
    });
    listing.truncated = bus::read_bool(reply.get());
    return listing;
}

SearchReply ManagerClient::search_modules(const std::string& query) {
    auto message = method_call(methods::kSearchModules);
    append(message.get(), query);
    const auto reply = call(message.get());
    SearchReply found;
    found.matches = bus::read_struct_array(reply.get(), wire_signature::kSearchMatchRow, [](sd_bus_message* row) {
        SearchMatchEntry match;
        match.name = bus::read_string(row);
        match.match = bus::read_string(row);
        match.matched_text = bus::read_string(row);
        match.description = bus::read_string(row);
        match.builtin = bus::read_bool(row);
        return match;
    });
    found.truncated = bus::read_bool(reply.get());
    return found;
}

LoadReply ManagerClient::load_for_device(const std::string& device, uint64_t flags) {
    auto message = method_call(methods::kLoadForDevice);
    append(message.get(), device);
    bus::append_uint64(message.get(), flags);
    return read_load_reply(call_changing_method(message.get()).get());
}

std::map<std::string, std::string> ManagerClient::permissions() {
    const auto reply = call(method_call(methods::kGetPermissions).get());
    const auto answers = bus::read_borrowed_string_pairs(reply.get());
    return {answers.begin(), answers.end()};
}

template <typename Value>
bool ManagerClient::set(const char* method, const std::string& name, const Value& value,
                        uint64_t flags) {
    auto message = method_call(method);
    append(message.get(), name);
    append(message.get(), value);
    bus::append_uint64(message.get(), flags);
    return bus::read_bool(call_changing_method(message.get()).get());
}

bool ManagerClient::set_blacklisted(const std::string& name, bool blacklisted, uint64_t flags) {
    return set(methods::kSetBlacklisted, name, blacklisted, flags);
}

bool ManagerClient::set_options(const std::string& name,
                                const std::vector<std::string>& parameters, uint64_t flags) {
    return set(methods::kSetOptions, name, parameters, flags);
}

bool ManagerClient::set_load_at_boot(const std::string& name, bool enabled, uint64_t flags) {
    return set(methods::kSetLoadAtBoot, name, enabled, flags);
}

bool ManagerClient::set_masked(const std::string& name, bool masked, uint64_t flags) {
    return set(methods::kSetMasked, name, masked, flags);
}

} // namespace modmgr
