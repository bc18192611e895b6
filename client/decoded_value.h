#pragma once
// Info's and GetConfiguration's a{sv} values as plain C++ values, read from the reply once, so
// the text and JSON printers share one reading of each D-Bus type and need not know D-Bus.
// A dictionary stays a flat list in reply order, looked up by a linear scan: a reply has about
// twenty keys, and modctl runs once per command, where a tree's code costs more than the scan
// (issue 12: in the QEMU guest a process pays for each distinct piece of code it runs).
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <systemd/sd-bus.h>

namespace modmgr {

// One entry of Info's "parameters" (a(sss)). Named apart from the kernel library's
// ParameterDescription (same namespace, other members): a program linking both would have
// two classes under one name, an ODR violation no compiler reports.
struct DecodedParameter {
    std::string name;
    std::string type;
    std::string description;
};

// One line of configuration that concerns a module (a(ssisb) in Info and GetConfiguration).
struct ConfigSourceEntry {
    std::string kind; // blacklist, options, alias, softdep, install, remove or load
    std::string file;
    int32_t line = 0; // 1-based; 0 for the kernel command line
    std::string text;
    bool managed = false; // one of the files modmgrd owns
};

// A value of a D-Bus type Info does not use; kept so it can still be shown.
struct UnsupportedValue {
    std::string signature;
};

// An a{ss} (parameter_values: NAME, VALUE), in reply order; modmgrd sends it sorted by name.
using StringPairs = std::vector<std::pair<std::string, std::string>>;

using DecodedValue = std::variant<std::string,                    // s, o, g
                                  bool,                           // b
                                  uint64_t,                       // t u q y
                                  int64_t,                        // x i n
                                  double,                         // d
                                  std::vector<std::string>,       // as
                                  std::vector<DecodedParameter>,  // a(sss)
                                  std::vector<ConfigSourceEntry>, // a(ssisb)
                                  StringPairs,                    // a{ss}
                                  UnsupportedValue>;

struct DecodedEntry {
    std::string key;
    DecodedValue value;
};

// An a{sv} reply (Info, GetConfiguration), in reply order; modmgrd sends it sorted by key.
using DecodedDictionary = std::vector<DecodedEntry>;

// Reads the a{sv} at the message's read position. Throws BusError when it is not one.
DecodedDictionary read_decoded_dictionary(sd_bus_message* message);

// The value of the first entry named `key`; nullptr when there is none.
const DecodedValue* find_value(const DecodedDictionary& dictionary, std::string_view key);

// That value when it holds a T; nullptr when there is none or it holds another type.
template <typename T>
const T* find_value_as(const DecodedDictionary& dictionary, std::string_view key) {
    const DecodedValue* value = find_value(dictionary, key);
    return value ? std::get_if<T>(value) : nullptr;
}

} // namespace modmgr
