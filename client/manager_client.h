#pragma once
// The calls modctl makes to org.modmgr1.Manager on the system bus.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <sdbus-c++/IConnection.h>
#include <sdbus-c++/IProxy.h>
#include <sdbus-c++/Types.h>

#include "decoded_value.h"
#include "module_list.h"

namespace modmgr {

// Load's answer: the modules inserted, in order, and a line for each softdep left out.
struct LoadReply {
    std::vector<std::string> inserted;
    std::vector<std::string> warnings;
};

class ManagerClient {
public:
    // Connects to the system bus of `host` (see connect_system_bus). With `interactive`,
    // Load/LoadFile/Unload and the Set* methods let polkit ask for a password: the message carries
    // ALLOW_INTERACTIVE_AUTHORIZATION, the call waits long enough for a person to type, and a
    // non-root caller gets pkttyagent for the call.
    ManagerClient(bool interactive, const std::string& host);
    ~ManagerClient();

    std::vector<ModuleListEntry> list();
    ModuleInfoMap info(const std::string& name);
    ModuleInfoMap info_file(const sdbus::UnixFd& file);
    LoadReply load(const std::string& name, const std::vector<std::string>& parameters,
                   uint64_t flags);
    std::string load_file(const sdbus::UnixFd& file, const std::vector<std::string>& parameters,
                          uint64_t flags);
    std::vector<std::string> unload(const std::string& name, uint64_t flags);
    std::map<std::string, std::string> permissions();
    // Each returns whether a configuration file changed (false: it already was so).
    bool set_blacklisted(const std::string& name, bool blacklisted, uint64_t flags);
    bool set_options(const std::string& name, const std::vector<std::string>& parameters,
                     uint64_t flags);
    bool set_load_at_boot(const std::string& name, bool enabled, uint64_t flags);
    ModuleInfoMap configuration(const std::string& name);

private:
    // Info, InfoFile, GetConfiguration: one argument in, a{sv} out, nothing to authorize
    // interactively.
    template <typename Argument>
    ModuleInfoMap inspect(const char* method, const Argument& argument);
    sdbus::MethodReply call_changing_method(sdbus::MethodCall& call);
    template <typename Value>
    bool set(const char* method, const std::string& name, const Value& value, uint64_t flags);

    bool interactive_;
    std::unique_ptr<sdbus::IConnection> connection_;
    // A plain proxy: modctl makes one call and exits, so the generated proxy's signal
    // subscriptions (an AddMatch round trip each) would only slow every command down.
    std::unique_ptr<sdbus::IProxy> proxy_;
};

} // namespace modmgr
