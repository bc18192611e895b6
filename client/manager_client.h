#pragma once
// The calls modctl makes to org.modmgr1.Manager on the system bus.
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "config_overview.h"
#include "decoded_value.h"
#include "device_list.h"
#include "module_list.h"
#include "search_list.h"
#include "owned_fd.h"
#include "reply_wait.h"
#include "system_bus.h"
#include "wire_contract.h"

namespace modmgr {

// Load's answer: the modules inserted, in order, and a line for each softdep left out.
struct LoadReply {
    std::vector<std::string> inserted;
    std::vector<std::string> warnings;
};

// GetKernelStatus's answer.
struct KernelStatusReply {
    uint64_t tainted = 0;
    bool modules_disabled = false;
    bool signatures_enforced = false;
    std::string lockdown; // "" when the kernel shows none
};

// Every call throws BusError when it fails.
class ManagerClient {
public:
    // Connects to the system bus of `host` (see connect_system_bus). With `interactive`,
    // Load/LoadFile/Unload and the Set* methods let polkit ask for a password: the message carries
    // ALLOW_INTERACTIVE_AUTHORIZATION and a non-root caller gets pkttyagent for the call. Their
    // replies are awaited as `change_wait` says (reply_wait.h), which also leaves a person
    // all the time they need to type.
    ManagerClient(bool interactive, const ReplyWait& change_wait, const std::string& host);

    // Queries (List, Info, the Get* calls) wait at most `limit` rather than sd-bus's default
    // 25 s: for callers that must not hang, such as completion on each TAB.
    void limit_query_wait(std::chrono::milliseconds limit);

    std::vector<ModuleListEntry> list();
    DecodedDictionary info(const std::string& name);
    DecodedDictionary info_file(const OwnedFd& file);
    LoadReply load(const std::string& name, const std::vector<std::string>& parameters,
                   uint64_t flags);
    std::string load_file(const OwnedFd& file, const std::vector<std::string>& parameters,
                          uint64_t flags);
    std::vector<std::string> unload(const std::string& name, uint64_t flags);
    DeviceListingReply list_devices(uint64_t flags);
    LoadReply load_for_device(const std::string& device, uint64_t flags);
    SearchReply search_modules(const std::string& query);
    std::map<std::string, std::string> permissions();
    // Each returns whether a configuration file changed (false: it already was so).
    bool set_blacklisted(const std::string& name, bool blacklisted, uint64_t flags);
    bool set_options(const std::string& name, const std::vector<std::string>& parameters,
                     uint64_t flags);
    bool set_load_at_boot(const std::string& name, bool enabled, uint64_t flags);
    bool set_masked(const std::string& name, bool masked, uint64_t flags);
    DecodedDictionary configuration(const std::string& name);
    ConfigOverview list_configuration();
    KernelStatusReply kernel_status();
    // Every property of the Manager (Properties.GetAll), by name.
    DecodedDictionary manager_properties();

private:
    // A call of the Manager's `method` (or of another interface of its object).
    BusMessage method_call(const char* method, const char* interface = wire::kManagerInterface);
    // A call that asks nothing of the user.
    BusMessage call(sd_bus_message* message);
    // Load/LoadFile/Unload and the Set* methods: the ones polkit may ask a password for.
    BusMessage call_changing_method(sd_bus_message* message);
    DecodedDictionary inspect(const char* method, const std::string& name);
    template <typename Value>
    bool set(const char* method, const std::string& name, const Value& value, uint64_t flags);

    bool interactive_;
    ReplyWait change_wait_;
    // A plain connection: modctl makes one call and exits, so it subscribes to no signal (each
    // would cost an AddMatch round trip first).
    BusConnection bus_;
};

} // namespace modmgr
