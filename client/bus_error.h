#pragma once
// A D-Bus error as modctl meets it: the daemon's or the bus's error reply, or sd-bus's own for
// a local failure (a timeout, a lost connection), named as sd-bus names errnos. main() and
// the commands that expect a particular error read its name; failure_from_bus_error turns it
// into the line modctl prints.
#include <stdexcept>
#include <string>

#include <systemd/sd-bus.h>

namespace modmgr {

class BusError : public std::runtime_error {
public:
    BusError(std::string name, const std::string& message)
        : std::runtime_error(message), name_(std::move(name)) {}
    const std::string& name() const { return name_; }
    std::string message() const { return what(); }

private:
    std::string name_;
};

// An sd_bus_error that frees itself.
struct OwnedBusError {
    sd_bus_error error = SD_BUS_ERROR_NULL;
    OwnedBusError() = default;
    OwnedBusError(const OwnedBusError&) = delete;
    OwnedBusError& operator=(const OwnedBusError&) = delete;
    ~OwnedBusError() { sd_bus_error_free(&error); }
};

// Returns `result` unless it is negative; then throws `error` if sd-bus set it, else a BusError
// named after the errno whose message is `what` and the errno's description.
int check_bus_result(int result, const sd_bus_error* error, const char* what);

} // namespace modmgr
