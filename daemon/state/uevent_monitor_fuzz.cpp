// Raw NETLINK_KOBJECT_UEVENT datagrams: the kernel's "ACTION@DEVPATH\0KEY=VALUE\0..." and
// udev's "libudev\0" variant, which parse_uevent() must refuse.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "fuzz_check.h"
#include "state/uevent_monitor.h"

using namespace modmgr;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const char* datagram = reinterpret_cast<const char*>(data);
    Uevent event;
    const bool parsed = parse_uevent(datagram, size, event);
    if (size >= 8 && std::memcmp(datagram, "libudev", 8) == 0)
        FUZZ_CHECK(!parsed);
    if (!parsed)
        return 0;
    FUZZ_CHECK(!event.action.empty() && !event.devpath.empty());
    const std::string module = event.module();
    if (!module.empty())
        FUZZ_CHECK(event.subsystem == "module" && module.find('/') == std::string::npos &&
                   event.devpath == "/module/" + module);
    return 0;
}
