#include "manager_client.h"

#include <unistd.h>

#include <chrono>
#include <optional>

#include <systemd/sd-bus.h>

#include "exit_codes.h"
#include "modmgr1_proxy.h"
#include "polkit_agent.h"
#include "system_bus.h"

namespace modmgr {

namespace {

const char kService[] = "org.modmgr1";
const char kManagerPath[] = "/org/modmgr1";
// A person reads the prompt and types a password; the default 25 s would cut them off.
constexpr std::chrono::minutes kInteractiveTimeout{5};

// sdbus-c++ 1.2 has no setter for ALLOW_INTERACTIVE_AUTHORIZATION; its raw sd_bus_message is the
// protected member Message::msg_, which a member pointer formed through a derived class reaches.
struct RawMessage : sdbus::Message {
    static sd_bus_message* of(sdbus::Message& message) {
        return static_cast<sd_bus_message*>(message.*(&RawMessage::msg_));
    }
};

} // namespace

class ManagerClient::Proxy final : public sdbus::ProxyInterfaces<org::modmgr1::Manager_proxy> {
public:
    explicit Proxy(sdbus::IConnection& connection)
        : ProxyInterfaces(connection, kService, kManagerPath) {
        registerProxy();
    }
    ~Proxy() { unregisterProxy(); }

    // Load, LoadFile and Unload are built by hand to set the interactive flag on the message.
    using ProxyObjectHolder::getProxy;

private:
    // modctl makes one call and exits; it never runs an event loop to receive signals.
    void onModuleLoaded(const std::string&) override {}
    void onModuleUnloaded(const std::string&) override {}
    void onModulesChanged(const std::vector<std::string>&, const std::vector<std::string>&,
                          const std::string&, const int32_t&) override {}
};

ManagerClient::ManagerClient(bool interactive, const std::string& host)
    : interactive_(interactive), connection_(connect_system_bus(host)),
      proxy_(std::make_unique<Proxy>(*connection_)) {}

ManagerClient::~ManagerClient() = default;

std::vector<ModuleListEntry> ManagerClient::list() {
    std::vector<ModuleListEntry> modules;
    for (const auto& row : proxy_->List())
        modules.push_back({std::get<0>(row), std::get<1>(row), std::get<2>(row), std::get<3>(row),
                           std::get<4>(row)});
    return modules;
}

ModuleInfoMap ManagerClient::info(const std::string& name) { return proxy_->Info(name); }

ModuleInfoMap ManagerClient::info_file(const sdbus::UnixFd& file) { return proxy_->InfoFile(file); }

std::vector<std::string> ManagerClient::load(const std::string& name,
                                             const std::vector<std::string>& parameters,
                                             uint64_t flags) {
    auto call = proxy_->getProxy().createMethodCall(org::modmgr1::Manager_proxy::INTERFACE_NAME, "Load");
    call << name << parameters << flags;
    auto reply = call_changing_method(call);
    std::vector<std::string> inserted;
    reply >> inserted;
    return inserted;
}

std::string ManagerClient::load_file(const sdbus::UnixFd& file,
                                     const std::vector<std::string>& parameters, uint64_t flags) {
    auto call =
        proxy_->getProxy().createMethodCall(org::modmgr1::Manager_proxy::INTERFACE_NAME, "LoadFile");
    call << file << parameters << flags;
    auto reply = call_changing_method(call);
    std::string name;
    reply >> name;
    return name;
}

std::vector<std::string> ManagerClient::unload(const std::string& name, uint64_t flags) {
    auto call =
        proxy_->getProxy().createMethodCall(org::modmgr1::Manager_proxy::INTERFACE_NAME, "Unload");
    call << name << flags;
    auto reply = call_changing_method(call);
    std::vector<std::string> removed;
    reply >> removed;
    return removed;
}

std::map<std::string, std::string> ManagerClient::permissions() { return proxy_->GetPermissions(); }

sdbus::MethodReply ManagerClient::call_changing_method(sdbus::MethodCall& call) {
    if (!interactive_)
        return proxy_->getProxy().callMethod(call);
    sd_bus_message_set_allow_interactive_authorization(RawMessage::of(call), 1);
    // Root is authorized without a prompt, so it needs no agent.
    std::optional<PolkitAgent> agent;
    if (::getuid() != 0)
        agent.emplace();
    return proxy_->getProxy().callMethod(call, kInteractiveTimeout);
}

} // namespace modmgr
