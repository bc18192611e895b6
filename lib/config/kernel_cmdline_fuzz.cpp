// The kernel command line: its words, and what ConfigIndex takes from it (modprobe.blacklist=,
// module_blacklist=, modules_load=, NAME.param=) when it is the only configuration there is.
// module_configuration_fuzz.cpp compares the libkmod part with libkmod itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "config/config_index.h"
#include "config/config_layout.h"
#include "config/config_syntax.h"
#include "fuzz_check.h"

using namespace modmgr;

namespace {

// A configuration root of its own holding only proc/cmdline, removed at exit.
struct ScratchRoot {
    std::string path;
    ScratchRoot() {
        const char* tmp = std::getenv("TMPDIR");
        path = std::string(tmp && *tmp ? tmp : "/tmp") + "/kernel_cmdline_fuzz.XXXXXX";
        FUZZ_CHECK(mkdtemp(path.data()) != nullptr);
        std::filesystem::create_directory(path + "/proc");
    }
    ~ScratchRoot() { std::filesystem::remove_all(path); }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string cmdline(reinterpret_cast<const char*>(data), size);
    const auto words = kernel_cmdline_words(cmdline);
    for (const auto& word : words)
        FUZZ_CHECK(!word.empty() && word != "--");

    static const ScratchRoot root;
    const ConfigLayout layout = ConfigLayout::under(root.path);
    std::ofstream(layout.kernel_cmdline, std::ios::binary | std::ios::trunc) << cmdline;
    const ConfigIndex index = ConfigIndex::read(layout);
    // Every module with a source differs from no configuration at all.
    for (const auto& module : index.changed_modules(ConfigIndex{})) {
        const ModuleConfiguration configuration = index.of(module);
        FUZZ_CHECK(configuration.name == module && !configuration.sources.empty());
        for (const auto& source : configuration.sources) {
            FUZZ_CHECK(source.line == 0 && source.file == layout.kernel_cmdline && !source.managed);
            // The word as written (libkmod and the kernel split it differently).
            FUZZ_CHECK(!source.text.empty() && cmdline.find(source.text) != std::string::npos);
            place_of(source);
        }
    }
    return 0;
}
