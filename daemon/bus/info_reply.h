#pragma once
// ModuleInfo (kernel library) -> the a{sv} that Info, InfoFile and GetConfiguration answer,
// with the types dbus/org.modmgr1.xml documents, written straight into the reply message.
// sdbus-c++ 1.2.0 can only send a{sv} as std::map<std::string, sdbus::Variant>, and every
// Variant is a message of its own that is built, sealed and then copied into the reply: a
// third of a worker's time per Info, for twenty-odd values.
#include <sdbus-c++/sdbus-c++.h>
#include <systemd/sd-bus.h>

#include <map>
#include <memory>
#include <string>

#include "calls/pending_call.h"
#include "info/module_info.h"

namespace modmgr {

// Appends `info` to `message` as a{sv}; a negative errno when sd-bus refuses a value (the
// message is then unusable).
int append_info(sd_bus_message* message, const ModuleInfo& info);

// The one reply of a call answered with such a map. Made while the call is being processed
// (it keeps a reference to the call's message); loop thread only, like every reply.
class InfoReply final : public Reply<ModuleInfo> {
public:
    using InfoMap = std::map<std::string, sdbus::Variant>;

    InfoReply(sdbus::Result<InfoMap>&& result, const sdbus::IObject& object, std::string sender);

    void value(const ModuleInfo& info) override;
    void error(const sdbus::Error& error) override;

private:
    // Errors are sent through sdbus-c++ as for every other call.
    BusReply<InfoMap> errors_;
    std::unique_ptr<sd_bus_message, sd_bus_message* (*)(sd_bus_message*)> call_;
    std::string sender_;
};

} // namespace modmgr
