// modmgrd's own modprobe.d file (zz-modmgr.conf), which anyone with root may edit by hand:
// whatever parse_modprobe_file() accepts, render_modprobe_file() writes back, and that text
// parses to the same configuration.
#include <cstddef>
#include <cstdint>
#include <string>

#include "base/module_error.h"
#include "config/owned_files.h"
#include "fuzz_check.h"

using namespace modmgr;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const std::string path = "/etc/modprobe.d/zz-modmgr.conf";
    OwnedFiles parsed;
    try {
        parsed = parse_modprobe_file(text, path);
    } catch (const ModuleError& e) {
        FUZZ_CHECK(e.code() == ErrorCode::Failed);
        return 0;
    }
    const std::string rendered = render_modprobe_file(parsed);
    FUZZ_CHECK(parse_modprobe_file(rendered, path) == parsed);
    return 0;
}
