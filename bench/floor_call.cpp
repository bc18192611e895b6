// The least a command-line client of modmgrd can do: connect to the system bus, make one call,
// walk its reply, exit. No argument parsing beyond the call's name, no formatting, no C++
// runtime (exceptions, iostreams, locales), libsystemd alone. The guest bench times it beside
// modctl and kmod's tools: what stays of modctl's time below this line is the cost of any
// sd-bus client's start-up and round trip, not of modctl.
//
//   modmgr-bench-floor-call list | info NAME | load NAME | unload NAME
#include <systemd/sd-bus.h>

#include <cstdint>
#include <cstdio>
#include <cstring>

#include "wire_contract.h"

namespace {

int usage() {
    std::fputs("usage: modmgr-bench-floor-call list | info NAME | load NAME | unload NAME\n", stderr);
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    using namespace modmgr::wire;
    if (argc < 2 || (std::strcmp(argv[1], "list") != 0 && argc != 3))
        return usage();
    sd_bus* bus = nullptr;
    int r = sd_bus_open_system(&bus);
    if (r < 0) {
        std::fprintf(stderr, "cannot connect to the system bus: %s\n", std::strerror(-r));
        return 1;
    }
    sd_bus_error error = SD_BUS_ERROR_NULL;
    sd_bus_message* reply = nullptr;
    const char* command = argv[1];
    if (std::strcmp(command, "list") == 0)
        r = sd_bus_call_method(bus, kBusName, kManagerPath, kManagerInterface,
                               manager_method::kList, &error, &reply, "");
    else if (std::strcmp(command, "info") == 0)
        r = sd_bus_call_method(bus, kBusName, kManagerPath, kManagerInterface,
                               manager_method::kInfo, &error, &reply, "s", argv[2]);
    else if (std::strcmp(command, "load") == 0)
        r = sd_bus_call_method(bus, kBusName, kManagerPath, kManagerInterface,
                               manager_method::kLoad, &error, &reply, "sast", argv[2], 0,
                               uint64_t{0});
    else if (std::strcmp(command, "unload") == 0)
        r = sd_bus_call_method(bus, kBusName, kManagerPath, kManagerInterface,
                               manager_method::kUnload, &error, &reply, "st", argv[2], uint64_t{0});
    else
        return usage();
    if (r >= 0)
        r = sd_bus_message_skip(reply, nullptr);
    if (r < 0)
        std::fprintf(stderr, "%s: %s\n", command, error.message ? error.message : std::strerror(-r));
    sd_bus_error_free(&error);
    sd_bus_message_unref(reply);
    sd_bus_flush_close_unref(bus);
    return r < 0 ? 1 : 0;
}
