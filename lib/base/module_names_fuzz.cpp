// Module names and aliases as callers send them, and how an error message quotes them back.
#include <cstddef>
#include <cstdint>
#include <string>

#include "base/input_validation.h"
#include "base/module_error.h"
#include "fuzz_check.h"

using namespace modmgr;

namespace {

bool printable(const std::string& text) {
    for (const unsigned char c : text)
        if (c < 0x20 || c > 0x7e)
            return false;
    return true;
}

// Whether `check(name)` accepts the name; a refusal must be InvalidArgument, with a message
// fit for logs and terminals.
template <typename Check>
bool accepted(Check check, const std::string& name) {
    try {
        check(name);
        return true;
    } catch (const ModuleError& e) {
        FUZZ_CHECK(e.code() == ErrorCode::InvalidArgument);
        FUZZ_CHECK(printable(e.what()));
        return false;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string name(reinterpret_cast<const char*>(data), size);

    const std::string quoted = quoted_for_message(name);
    FUZZ_CHECK(quoted.size() >= 2 && quoted.front() == '"' && quoted.back() == '"');
    FUZZ_CHECK(printable(quoted));

    if (accepted(validate_module_name, name)) {
        FUZZ_CHECK(!name.empty() && name.size() <= kMaxNameLength);
        for (const unsigned char c : name)
            FUZZ_CHECK(c > 0x20 && c < 0x7f && c != '/');
    }
    if (accepted(validate_plain_module_name, name)) {
        FUZZ_CHECK(!name.empty() && name.size() <= kMaxModuleNameLength);
        for (const unsigned char c : name)
            FUZZ_CHECK((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '_' || c == '-');
        // A module's own name is a name any caller may send.
        FUZZ_CHECK(accepted(validate_module_name, name));
    }
    return 0;
}
