// Module names (any bytes a caller or a module file may bring) as D-Bus object paths: each
// escaped element is a valid one, and distinct names never share a path (the escaping can
// be undone).
#include <systemd/sd-bus.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "bus/object_path.h"
#include "fuzz_check.h"
#include "wire_contract.h"

using namespace modmgr;

namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

// The name an escaped element stands for; the check fails for anything the escaping does
// not write.
std::string unescaped(const std::string& element) {
    if (element == "_")
        return "";
    std::string name;
    for (size_t i = 0; i < element.size(); ++i) {
        if (element[i] != '_') {
            name += element[i];
            continue;
        }
        FUZZ_CHECK(i + 2 < element.size());
        const int high = hex_digit(element[i + 1]);
        const int low = hex_digit(element[i + 2]);
        FUZZ_CHECK(high >= 0 && low >= 0);
        name += static_cast<char>(high << 4 | low);
        i += 2;
    }
    return name;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string name(reinterpret_cast<const char*>(data), size);
    const std::string element = escape_path_element(name);
    FUZZ_CHECK(!element.empty());
    for (const unsigned char c : element)
        FUZZ_CHECK((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '_');
    FUZZ_CHECK(unescaped(element) == name);
    const std::string path = module_object_path(name);
    FUZZ_CHECK(path == wire::kModulePathPrefix + element);
    FUZZ_CHECK(sd_bus_object_path_is_valid(path.c_str()) > 0);
    return 0;
}
