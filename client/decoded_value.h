#pragma once
// Info's and GetConfiguration's a{sv} values as plain C++ values, read from the reply once, so
// the text and JSON printers share one reading of each D-Bus type and need not know D-Bus.
// modctl runs once per command, and in the QEMU guest a process pays for each distinct piece of
// code it runs (issue 12), so the reading is kept lean: a dictionary stays a flat list in reply
// order, looked up by a linear scan (a reply has about twenty keys; a tree's code costs more
// than the scan), and its texts are borrowed from the reply, which it keeps, rather than
// copied into strings (constructing, moving and freeing them was most of the reading's code).
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "system_bus.h"

namespace modmgr {

// One entry of Info's "parameters" (a(sss)). Named apart from the kernel library's
// ParameterDescription (same namespace, other members): a program linking both would have
// two classes under one name, an ODR violation no compiler reports.
struct DecodedParameter {
    std::string_view name;
    std::string_view type;
    std::string_view description;
};

// One line of configuration that concerns a module (a(ssisb) in Info and GetConfiguration).
struct ConfigSourceEntry {
    std::string_view kind; // blacklist, options, alias, softdep, install, remove or load
    std::string_view file;
    int32_t line = 0; // 1-based; 0 for the kernel command line
    std::string_view text;
    bool managed = false; // one of the files modmgrd owns
};

// The fields of one (ssisb) at the read position, borrowed from the message.
ConfigSourceEntry read_config_source(sd_bus_message* message);

// A value of a D-Bus type Info does not use; kept so it can still be shown.
struct UnsupportedValue {
    std::string signature;
};

// An a{ss} (parameter_values: NAME, VALUE), in reply order; modmgrd sends it sorted by name.
using StringPairs = std::vector<std::pair<std::string_view, std::string_view>>;

using DecodedValue = std::variant<std::string_view,                // s, o, g
                                  bool,                            // b
                                  uint64_t,                        // t u q y
                                  int64_t,                         // x i n
                                  double,                          // d
                                  std::vector<std::string_view>,   // as
                                  std::vector<DecodedParameter>,   // a(sss)
                                  std::vector<ConfigSourceEntry>,  // a(ssisb)
                                  StringPairs,                     // a{ss}
                                  UnsupportedValue>;

struct DecodedEntry {
    std::string_view key;
    DecodedValue value;
};

// An a{sv} reply (Info, GetConfiguration): its entries in reply order (modmgrd sends them
// sorted by key), and the reply, which holds their texts.
class DecodedDictionary {
public:
    DecodedDictionary() = default;
    // Entries whose texts live as long as the dictionary by themselves (literals, in tests).
    DecodedDictionary(std::initializer_list<DecodedEntry> entries) : entries_(entries) {}

    auto begin() const { return entries_.begin(); }
    auto end() const { return entries_.end(); }
    size_t size() const { return entries_.size(); }
    const DecodedEntry& operator[](size_t index) const { return entries_[index]; }

private:
    friend DecodedDictionary read_decoded_dictionary(sd_bus_message* message);

    BusMessage reply_;
    std::vector<DecodedEntry> entries_;
};

// Reads the a{sv} at the message's read position, keeping a reference to the message. Throws
// BusError when it is not one.
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
