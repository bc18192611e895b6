// /proc/PID/status of a calling process: the kernel writes it, but its Name: line is the
// caller's own choosing. Whatever it holds, the parser finds capabilities only where a
// "CapEff:" line has them.
#include <cstddef>
#include <cstdint>
#include <string>

#include "calls/caller_capabilities.h"
#include "fuzz_check.h"

using namespace modmgr;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string status(reinterpret_cast<const char*>(data), size);
    const auto caps = parse_process_status(status);
    if (caps)
        FUZZ_CHECK(status.find("CapEff:") != std::string::npos &&
                   status.find("Uid:") != std::string::npos);
    return 0;
}
