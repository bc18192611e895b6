#pragma once
// The calls the benchmark makes to modmgrd (or to the replay server standing in for it), on
// connections of its own, each reply checked as a client would rely on it: an error reply, a
// wrong signature or a wrong content is a failure, so that a fast but broken answer is never
// counted as throughput.
#include <systemd/sd-bus.h>

#include <cstdint>
#include <string>

namespace modmgr::bench {

enum class Method { Ping, Info, List, GetConfiguration, GetManagedObjects };

// How the report names the method.
const char* method_label(Method method);

// One client's own bus connection (sd-bus, no event loop: synchronous calls only).
class BusConnection {
public:
    explicit BusConnection(const std::string& address);
    ~BusConnection();
    BusConnection(const BusConnection&) = delete;
    BusConnection& operator=(const BusConnection&) = delete;

    sd_bus* get() const { return bus_; }

private:
    sd_bus* bus_ = nullptr;
};

// What the replies must hold: List and GetManagedObjects one entry per loaded module.
struct Expectations {
    size_t loaded_modules = 0;
};

struct CallResult {
    uint64_t latency_ns = 0; // the call alone, from sending to having the reply
    std::string failure;     // empty when the reply was right
};

// One synchronous call of `method` to `destination`'s /org/modmgr1 (Info and
// GetConfiguration ask about "dummy"); sd_bus_call_method's result, the reply in `reply`.
int call_method(sd_bus* bus, const char* destination, Method method, sd_bus_error* error,
                sd_bus_message** reply);

// The same call, timed and its reply checked.
CallResult timed_call(sd_bus* bus, const char* destination, Method method,
                      const Expectations& expected);

// Whether `method` is the call `message` makes (its interface and member).
bool is_call_of(sd_bus_message* message, Method method);

// Whether `name` has an owner on the bus.
bool name_has_owner(sd_bus* bus, const char* name);

} // namespace modmgr::bench
