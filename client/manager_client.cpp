#include "manager_client.h"

#include <unistd.h>

#include <chrono>
#include <optional>

#include <systemd/sd-bus.h>

#include "exit_codes.h"
#include "polkit_agent.h"
#include "raw_message.h"
#include "system_bus.h"
#include "wire_contract.h"
#include "wire_types.h"

namespace modmgr {

namespace {

namespace methods = wire::manager_method;
constexpr const char* kInterface = wire::kManagerInterface;
// A person reads the prompt and types a password; the default 25 s would cut them off.
constexpr std::chrono::minutes kInteractiveTimeout{5};

} // namespace

ManagerClient::ManagerClient(bool interactive, const std::string& host)
    : interactive_(interactive), connection_(connect_system_bus(host)),
      proxy_(sdbus::createProxy(*connection_, wire::kBusName, wire::kManagerPath)) {}

ManagerClient::~ManagerClient() = default;

std::vector<ModuleListEntry> ManagerClient::list() {
    std::vector<wire::ListRow> rows;
    proxy_->callMethod(methods::kList).onInterface(kInterface).storeResultsTo(rows);
    std::vector<ModuleListEntry> modules;
    for (const auto& row : rows)
        modules.push_back({std::get<0>(row), std::get<1>(row), std::get<2>(row), std::get<3>(row),
                           std::get<4>(row)});
    return modules;
}

ModuleInfoMap ManagerClient::info(const std::string& name) {
    return inspect(methods::kInfo, name);
}

ModuleInfoMap ManagerClient::info_file(const sdbus::UnixFd& file) {
    return inspect(methods::kInfoFile, file);
}

template <typename Argument>
ModuleInfoMap ManagerClient::inspect(const char* method, const Argument& argument) {
    ModuleInfoMap answer;
    proxy_->callMethod(method).onInterface(kInterface).withArguments(argument).storeResultsTo(answer);
    return answer;
}

LoadReply ManagerClient::load(const std::string& name, const std::vector<std::string>& parameters,
                              uint64_t flags) {
    auto call = proxy_->createMethodCall(kInterface, methods::kLoad);
    call << name << parameters << flags;
    auto reply = call_changing_method(call);
    LoadReply loaded;
    reply >> loaded.inserted >> loaded.warnings;
    return loaded;
}

std::string ManagerClient::load_file(const sdbus::UnixFd& file,
                                     const std::vector<std::string>& parameters, uint64_t flags) {
    auto call =
        proxy_->createMethodCall(kInterface, methods::kLoadFile);
    call << file << parameters << flags;
    auto reply = call_changing_method(call);
    std::string name;
    reply >> name;
    return name;
}

std::vector<std::string> ManagerClient::unload(const std::string& name, uint64_t flags) {
    auto call =
        proxy_->createMethodCall(kInterface, methods::kUnload);
    call << name << flags;
    auto reply = call_changing_method(call);
    std::vector<std::string> removed;
    reply >> removed;
    return removed;
}

std::map<std::string, std::string> ManagerClient::permissions() {
    std::map<std::string, std::string> permissions;
    proxy_->callMethod(methods::kGetPermissions).onInterface(kInterface).storeResultsTo(permissions);
    return permissions;
}

template <typename Value>
bool ManagerClient::set(const char* method, const std::string& name, const Value& value,
                        uint64_t flags) {
    auto call = proxy_->createMethodCall(kInterface, method);
    call << name << value << flags;
    auto reply = call_changing_method(call);
    bool changed = false;
    reply >> changed;
    return changed;
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

ModuleInfoMap ManagerClient::configuration(const std::string& name) {
    return inspect(methods::kGetConfiguration, name);
}

sdbus::MethodReply ManagerClient::call_changing_method(sdbus::MethodCall& call) {
    if (!interactive_)
        return proxy_->callMethod(call);
    sd_bus_message_set_allow_interactive_authorization(raw_message(call), 1);
    // Root is authorized without a prompt, so it needs no agent.
    std::optional<PolkitAgent> agent;
    if (::getuid() != 0)
        agent.emplace();
    return proxy_->callMethod(call, kInteractiveTimeout);
}

} // namespace modmgr
