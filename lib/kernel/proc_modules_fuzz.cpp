// /proc/modules text: the kernel writes it, but modmgr must not trust it to be well formed.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "kernel/proc_modules.h"

using namespace modmgr;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const Snapshot snapshot = parse_proc_modules(text);
    // At most one module a line.
    FUZZ_CHECK(snapshot.size() <= 1 + static_cast<size_t>(std::count(text.begin(), text.end(), '\n')));
    for (const auto& module : snapshot) {
        FUZZ_CHECK(!module.name.empty());
        FUZZ_CHECK(module.state == "live" || module.state == "coming" || module.state == "going");
        for (const auto& holder : module.holders)
            FUZZ_CHECK(!holder.empty() && holder.find(',') == std::string::npos &&
                       holder != "[permanent]");
        // One module alone is the list's first module of that name.
        FUZZ_CHECK(find_in_proc_modules(text, module.name) == *find_module(snapshot, module.name));
    }
    return 0;
}
