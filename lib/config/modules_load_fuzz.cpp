// modules-load.d text as systemd-modules-load reads it.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/config_syntax.h"
#include "fuzz_check.h"

using namespace modmgr;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const int physical_lines = 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    int previous = 0;
    for (const auto& line : modules_load_lines(text)) {
        FUZZ_CHECK(line.number > previous && line.number <= physical_lines);
        previous = line.number;
        // Stripped of blanks, neither empty nor a comment, within its line.
        FUZZ_CHECK(!line.text.empty() && line.text.find('\n') == std::string::npos);
        FUZZ_CHECK(line.text.front() != '#' && line.text.front() != ';');
        for (const char blank : {' ', '\t', '\r'})
            FUZZ_CHECK(line.text.front() != blank && line.text.back() != blank);
    }
    return 0;
}
