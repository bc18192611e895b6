#include "bus/info_reply.h"

#include <cerrno>
#include <cstring>
#include <type_traits>
#include <variant>

#include "raw_message.h"
#include "wire_contract.h"

namespace modmgr {

namespace {

// Each InfoValue alternative inside its variant container.
struct AppendValue {
    sd_bus_message* m;

    int operator()(const std::string& s) const {
        return in_variant("s", [&] { return basic('s', s.c_str()); });
    }
    int operator()(bool b) const {
        const int value = b;
        return in_variant("b", [&] { return basic('b', &value); });
    }
    int operator()(uint64_t t) const { return in_variant("t", [&] { return basic('t', &t); }); }
    int operator()(int32_t i) const { return in_variant("i", [&] { return basic('i', &i); }); }
    int operator()(const std::vector<std::string>& list) const {
        return in_variant("as", [&] {
            return array("s", list, [&](const std::string& s) { return basic('s', s.c_str()); });
        });
    }
    int operator()(const std::vector<ParameterDescription>& params) const {
        return in_variant("a(sss)", [&] {
            return array("(sss)", params, [&](const ParameterDescription& p) {
                return sd_bus_message_append(m, "(sss)", p.name.c_str(), p.type.c_str(),
                                             p.description.c_str());
            });
        });
    }
    int operator()(const std::map<std::string, std::string>& values) const {
        return in_variant("a{ss}", [&] {
            return array("{ss}", values, [&](const auto& kv) {
                return sd_bus_message_append(m, "{ss}", kv.first.c_str(), kv.second.c_str());
            });
        });
    }
    int operator()(const std::vector<ConfigSource>& sources) const {
        return in_variant("a(ssisb)", [&] {
            return array("(ssisb)", sources, [&](const ConfigSource& s) {
                return sd_bus_message_append(m, "(ssisb)", s.kind.c_str(), s.file.c_str(),
                                             int32_t{s.line}, s.text.c_str(), int{s.managed});
            });
        });
    }

    int basic(char type, const void* value) const {
        return sd_bus_message_append_basic(m, type, value);
    }
    template <typename Body>
    int in_variant(const char* signature, Body body) const {
        int r = sd_bus_message_open_container(m, SD_BUS_TYPE_VARIANT, signature);
        if (r >= 0)
            r = body();
        return r < 0 ? r : sd_bus_message_close_container(m);
    }
    template <typename List, typename Element>
    int array(const char* element_signature, const List& list, Element element) const {
        int r = sd_bus_message_open_container(m, SD_BUS_TYPE_ARRAY, element_signature);
        for (auto it = list.begin(); r >= 0 && it != list.end(); ++it)
            r = element(*it);
        return r < 0 ? r : sd_bus_message_close_container(m);
    }
};

} // namespace

int append_info(sd_bus_message* message, const ModuleInfo& info) {
    int r = sd_bus_message_open_container(message, SD_BUS_TYPE_ARRAY, "{sv}");
    for (auto it = info.begin(); r >= 0 && it != info.end(); ++it) {
        r = sd_bus_message_open_container(message, SD_BUS_TYPE_DICT_ENTRY, "sv");
        if (r >= 0)
            r = sd_bus_message_append_basic(message, 's', it->first.c_str());
        if (r >= 0)
            r = std::visit(AppendValue{message}, it->second);
        if (r >= 0)
            r = sd_bus_message_close_container(message);
    }
    return r < 0 ? r : sd_bus_message_close_container(message);
}

InfoReply::InfoReply(sdbus::Result<InfoMap>&& result, const sdbus::IObject& object,
                     std::string sender)
    : errors_(std::move(result), sender), call_(nullptr, sd_bus_message_unref),
      sender_(std::move(sender)) {
    if (const sdbus::Message* call = object.getCurrentlyProcessedMessage())
        call_.reset(sd_bus_message_ref(raw_message(*call)));
}

void InfoReply::value(const ModuleInfo& info) {
    sd_bus_message* reply = nullptr;
    int r = call_ ? sd_bus_message_new_method_return(call_.get(), &reply) : -ENOTCONN;
    if (r >= 0)
        r = append_info(reply, info);
    if (r < 0) {
        // A value sd-bus refuses (a string that is not UTF-8): the caller gets an error
        // rather than no answer.
        sd_bus_message_unref(reply);
        error(sdbus::Error(wire::error::kFailed,
                           std::string("the reply cannot be encoded for the bus: ") +
                               std::strerror(-r)));
        return;
    }
    r = sd_bus_send(nullptr, reply, nullptr);
    sd_bus_message_unref(reply);
    if (r < 0)
        // The caller may have gone away; nothing else to do.
        spdlog::debug("reply to {} not sent: {}", sender_, std::strerror(-r));
}

void InfoReply::error(const sdbus::Error& error) {
    errors_.error(error);
}

} // namespace modmgr
