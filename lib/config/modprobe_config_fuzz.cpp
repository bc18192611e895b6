// modprobe.d text as libkmod reads it: logical lines, statements, the options they set.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/config_index.h"
#include "config/config_syntax.h"
#include "fuzz_check.h"

using namespace modmgr;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const int physical_lines = 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    int previous = 0;
    for (const auto& line : modprobe_lines(text)) {
        // Every logical line starts on a physical line of its own, in order.
        FUZZ_CHECK(line.number > previous && line.number <= physical_lines);
        previous = line.number;
        FUZZ_CHECK(line.text.find('\n') == std::string::npos);
        // What modprobe_escaped() writes reads back as the same line.
        const auto again = modprobe_lines(modprobe_escaped(line.text));
        if (line.text.empty())
            FUZZ_CHECK(again.empty());
        else
            FUZZ_CHECK(again.size() == 1 && again[0].number == 1 && again[0].text == line.text);

        const auto statement = parse_modprobe_line(line.text);
        if (!statement)
            continue;
        static const char* const keywords[] = {"blacklist", "options", "alias",
                                               "softdep",   "install", "remove"};
        FUZZ_CHECK(std::find(std::begin(keywords), std::end(keywords), statement->keyword) !=
                   std::end(keywords));
        FUZZ_CHECK(!statement->module.empty());
        options_of(ConfigSource{statement->keyword, "fuzz.conf", line.number, line.text, false});
    }
    return 0;
}
