// Module parameters as callers send them (one a line here): checked, quoted and merged into
// the string the kernel gets, which must split back into one word per parameter.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/input_validation.h"
#include "base/module_error.h"
#include "fuzz_check.h"
#include "load/module_parameters.h"

using namespace modmgr;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    // As a configured options string too (a modprobe.d options line's rest).
    split_options(text);
    const std::vector<std::string> parameters = lines_of(text);
    try {
        validate_parameters(parameters);
    } catch (const ModuleError& e) {
        FUZZ_CHECK(e.code() == ErrorCode::InvalidArgument);
        return 0;
    }
    const std::vector<std::string> words = split_options(merge_parameters("", parameters));
    FUZZ_CHECK(words.size() == parameters.size());
    for (size_t i = 0; i < words.size(); ++i)
        FUZZ_CHECK(words[i] == quote_parameter(parameters[i]));
    return 0;
}
