// modmgrd's own modules-load.d file (zz-modmgr.conf), which anyone with root may edit by
// hand: whatever parse_modules_load_file() accepts, render_modules_load_file() writes back,
// and that text parses to the same configuration.
#include <cstddef>
#include <cstdint>
#include <string>

#include "base/module_error.h"
#include "config/owned_files.h"
#include "fuzz_check.h"

using namespace modmgr;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const std::string path = "/etc/modules-load.d/zz-modmgr.conf";
    OwnedFiles parsed;
    try {
        parsed = parse_modules_load_file(text, path);
    } catch (const ModuleError& e) {
        FUZZ_CHECK(e.code() == ErrorCode::Failed);
        return 0;
    }
    const std::string rendered = render_modules_load_file(parsed);
    FUZZ_CHECK(parse_modules_load_file(rendered, path) == parsed);
    return 0;
}
