#pragma once
// Info's and GetConfiguration's a{sv} values as plain C++ values, read from the reply once, so
// the text and JSON printers share one reading of each D-Bus type and need not know D-Bus.
#include <cstdint>
#include <map>
#include <string>
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

using DecodedValue = std::variant<std::string,                         // s, o, g
                                  bool,                                // b
                                  uint64_t,                            // t u q y
                                  int64_t,                             // x i n
                                  double,                              // d
                                  std::vector<std::string>,            // as
                                  std::vector<DecodedParameter>,       // a(sss)
                                  std::vector<ConfigSourceEntry>,      // a(ssisb)
                                  std::map<std::string, std::string>,  // a{ss}
                                  UnsupportedValue>;

using ModuleInfoMap = std::map<std::string, DecodedValue>;

// Reads the a{sv} at the message's read position. Throws BusError when it is not one.
ModuleInfoMap read_module_info_map(sd_bus_message* message);

} // namespace modmgr
