#include "bus_calls.h"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <stdexcept>

#include "wire_contract.h"

namespace modmgr::bench {
namespace {

using wire::kManagerInterface;
using wire::kManagerPath;
namespace manager_method = wire::manager_method;
constexpr const char* kAskedModule = "dummy";

struct MethodCall {
    const char* label; // in the report
    const char* interface;
    const char* member;
    const char* reply_signature;
};

MethodCall method_call(Method method) {
    switch (method) {
    case Method::Ping:
        return {"Peer.Ping", "org.freedesktop.DBus.Peer", "Ping", ""};
    case Method::Info:
        return {"Info(\"dummy\")", kManagerInterface, manager_method::kInfo, "a{sv}"};
    case Method::List:
        return {"List", kManagerInterface, manager_method::kList, "a(stiasssb)"};
    case Method::GetConfiguration:
        return {"GetConfiguration(\"dummy\")", kManagerInterface,
                manager_method::kGetConfiguration, "a{sv}"};
    case Method::GetManagedObjects:
        return {"GetManagedObjects", "org.freedesktop.DBus.ObjectManager", "GetManagedObjects",
                "a{oa{sa{sv}}}"};
    }
    throw std::logic_error("unknown method");
}

uint64_t now_ns() {
    timespec t{};
    ::clock_gettime(CLOCK_MONOTONIC, &t);
    return static_cast<uint64_t>(t.tv_sec) * 1000000000u + static_cast<uint64_t>(t.tv_nsec);
}

std::string sd_bus_failure(const char* what, int r) {
    return std::string(what) + ": " + std::strerror(-r);
}

// The reply's array of `element` must have one entry per loaded module. Counting walks every
// entry to its end (sd-bus cannot leave an array early), as a client reading it would.
std::string check_module_count(sd_bus_message* reply, const char* element,
                               const Expectations& expected) {
    int r = sd_bus_message_enter_container(reply, SD_BUS_TYPE_ARRAY, element);
    if (r <= 0)
        return sd_bus_failure("cannot enter the reply's array", r < 0 ? r : -EBADMSG);
    size_t count = 0;
    while ((r = sd_bus_message_skip(reply, element)) > 0)
        ++count;
    if (r < 0)
        return sd_bus_failure("cannot read the reply's array", r);
    if (count != expected.loaded_modules)
        return std::to_string(count) + " entries, not " + std::to_string(expected.loaded_modules);
    return {};
}

// An a{sv} reply must name the module asked about under "name".
std::string check_names_module(sd_bus_message* reply) {
    int r = sd_bus_message_enter_container(reply, SD_BUS_TYPE_ARRAY, "{sv}");
    if (r <= 0)
        return sd_bus_failure("cannot enter the reply's dictionary", r < 0 ? r : -EBADMSG);
    while ((r = sd_bus_message_enter_container(reply, SD_BUS_TYPE_DICT_ENTRY, "sv")) > 0) {
        const char* key = nullptr;
        if ((r = sd_bus_message_read(reply, "s", &key)) < 0)
            return sd_bus_failure("cannot read a key", r);
        if (std::strcmp(key, "name") == 0) {
            const char* name = nullptr;
            if ((r = sd_bus_message_read(reply, "v", "s", &name)) < 0)
                return sd_bus_failure("\"name\" is no string", r);
            return std::strcmp(name, kAskedModule) == 0
                       ? std::string()
                       : "the reply names " + std::string(name) + ", not " + kAskedModule;
        }
        if ((r = sd_bus_message_skip(reply, "v")) < 0 ||
            (r = sd_bus_message_exit_container(reply)) < 0)
            return sd_bus_failure("cannot read an entry", r);
    }
    return r < 0 ? sd_bus_failure("cannot read the reply's dictionary", r)
                 : "the reply has no \"name\"";
}

std::string check_reply(sd_bus_message* reply, Method method, const Expectations& expected) {
    const MethodCall call = method_call(method);
    if (sd_bus_message_has_signature(reply, call.reply_signature) <= 0)
        return std::string("the reply's signature is ") + sd_bus_message_get_signature(reply, 1);
    switch (method) {
    case Method::Ping:
        return {};
    case Method::Info:
    case Method::GetConfiguration:
        return check_names_module(reply);
    case Method::List:
        return check_module_count(reply, "(stiasssb)", expected);
    case Method::GetManagedObjects:
        return check_module_count(reply, "{oa{sa{sv}}}", expected);
    }
    throw std::logic_error("unknown method");
}

} // namespace

const char* method_label(Method method) { return method_call(method).label; }

BusConnection::BusConnection(const std::string& address) {
    int r = sd_bus_new(&bus_);
    if (r >= 0)
        r = sd_bus_set_address(bus_, address.c_str());
    if (r >= 0)
        r = sd_bus_set_bus_client(bus_, 1);
    if (r >= 0)
        r = sd_bus_start(bus_);
    if (r < 0) {
        sd_bus_unref(bus_);
        throw std::runtime_error(sd_bus_failure(("cannot connect to " + address).c_str(), r));
    }
}

BusConnection::~BusConnection() { sd_bus_flush_close_unref(bus_); }

int call_method(sd_bus* bus, const char* destination, Method method, sd_bus_error* error,
                sd_bus_message** reply) {
    const MethodCall call = method_call(method);
    return method == Method::Info || method == Method::GetConfiguration
               ? sd_bus_call_method(bus, destination, kManagerPath, call.interface, call.member,
                                    error, reply, "s", kAskedModule)
               : sd_bus_call_method(bus, destination, kManagerPath, call.interface, call.member,
                                    error, reply, "");
}

CallResult timed_call(sd_bus* bus, const char* destination, Method method,
                      const Expectations& expected) {
    sd_bus_error error = SD_BUS_ERROR_NULL;
    sd_bus_message* reply = nullptr;
    CallResult result;
    const uint64_t start = now_ns();
    const int r = call_method(bus, destination, method, &error, &reply);
    result.latency_ns = now_ns() - start;
    if (r < 0)
        result.failure = sd_bus_error_is_set(&error)
                             ? std::string(error.name) + ": " + (error.message ? error.message : "")
                             : sd_bus_failure("the call failed", r);
    else
        result.failure = check_reply(reply, method, expected);
    sd_bus_error_free(&error);
    sd_bus_message_unref(reply);
    return result;
}

bool is_call_of(sd_bus_message* message, Method method) {
    const MethodCall call = method_call(method);
    return sd_bus_message_is_method_call(message, call.interface, call.member) > 0;
}

bool name_has_owner(sd_bus* bus, const char* name) {
    sd_bus_error error = SD_BUS_ERROR_NULL;
    sd_bus_message* reply = nullptr;
    int owned = 0;
    int r = sd_bus_call_method(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                               "org.freedesktop.DBus", "NameHasOwner", &error, &reply, "s", name);
    if (r >= 0)
        r = sd_bus_message_read(reply, "b", &owned);
    sd_bus_error_free(&error);
    sd_bus_message_unref(reply);
    if (r < 0)
        throw std::runtime_error(sd_bus_failure("NameHasOwner failed", r));
    return owned != 0;
}

} // namespace modmgr::bench
