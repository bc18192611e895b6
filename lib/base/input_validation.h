#pragma once
// Everything a caller sends is checked here before libkmod or the kernel sees it. Each
// function throws ModuleError(InvalidArgument, reason) naming what is wrong.
//
// The checked types below (ModuleName, PlainModuleName, ModulePath, ModuleParameters) can
// only be built by their check: the library takes them, so it cannot be handed unchecked
// input and never checks again. modmgrd builds them once, at its boundary.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace modmgr {

// Longest accepted alias (real modaliases, e.g. dmi:..., stay well below this).
constexpr size_t kMaxNameLength = 512;
constexpr size_t kMaxParameterLength = 1024;
constexpr size_t kMaxParameters = 64;
// Longest path Info accepts: the kernel's PATH_MAX.
constexpr size_t kMaxPathLength = 4096;
// The kernel's MODULE_NAME_LEN (64 - sizeof(unsigned long)) minus the terminating NUL.
constexpr size_t kMaxModuleNameLength = 55;
// A device as "BUS/NAME": a sysfs bus name and a device's name on it (0000:00:03.0, 1-1:1.0,
// PNP0A03:00, virtio0); the kernel's own names are far shorter.
constexpr size_t kMaxBusNameLength = 64;
constexpr size_t kMaxDeviceNameLength = 128;

// A module name or alias: printable ASCII, no '/', no whitespace, bounded length.
void validate_module_name(const std::string& name);
// A path to a module file, as Info takes it: printable ASCII (no control bytes), at most
// kMaxPathLength bytes. Where it may point is the reader's check.
void validate_module_path(const std::string& path);
// A module's own name, as configuration files need it: letters, digits, '_' and '-' only,
// at most the kernel's MODULE_NAME_LEN - 1 bytes (an alias such as "pci:v*" is refused
// here; a name-shaped one such as "fs-cifs" only the module tree can tell).
void validate_plain_module_name(const std::string& name);
// "key" or "key=value": key [A-Za-z0-9_.-]; value printable, no '"', no control bytes.
void validate_parameters(const std::vector<std::string>& parameters);
// A device as "BUS/NAME": BUS [A-Za-z0-9_-], NAME [A-Za-z0-9_.:@+-] not starting with '.',
// exactly one '/' between them, each bounded. Nothing else can name a path component: no
// "..", no further '/', no NUL.
void validate_device_name(const std::string& device);

// A SearchModules query: 1 to wire::kMaxSearchQueryLength bytes of valid UTF-8 without control
// characters (C0, DEL, C1). It is searched for as it is written: no character is special.
void validate_search_query(const std::string& query);

// A string that passed `check`: only checked() builds one.
template <void (*check)(const std::string&)>
class CheckedString {
public:
    static CheckedString checked(const std::string& value) {
        check(value);
        return CheckedString(value);
    }
    const std::string& str() const { return value_; }

private:
    explicit CheckedString(std::string value) : value_(std::move(value)) {}
    std::string value_;
};

// A module name or alias.
using ModuleName = CheckedString<validate_module_name>;
// A module's own name: what configuration files take.
using PlainModuleName = CheckedString<validate_plain_module_name>;
// A path to a module file.
using ModulePath = CheckedString<validate_module_path>;
// What SearchModules searches for.
using SearchQuery = CheckedString<validate_search_query>;

// A device as validate_device_name() accepts it, in its two parts.
class DeviceName {
public:
    static DeviceName checked(const std::string& device);
    const std::string& bus() const { return bus_; }
    const std::string& name() const { return name_; }
    std::string str() const { return bus_ + "/" + name_; }

private:
    DeviceName(std::string bus, std::string name) : bus_(std::move(bus)), name_(std::move(name)) {}
    std::string bus_;
    std::string name_;
};

// A caller's module parameters, as validate_parameters() accepts them.
class ModuleParameters {
public:
    static ModuleParameters checked(const std::vector<std::string>& parameters);
    // No parameters (always valid).
    ModuleParameters() = default;
    const std::vector<std::string>& list() const { return value_; }
    bool empty() const { return value_.empty(); }

private:
    explicit ModuleParameters(std::vector<std::string> value) : value_(std::move(value)) {}
    std::vector<std::string> value_;
};

// `input` as an error message may show it: in double quotes, non-printable bytes escaped,
// capped in length (messages end up in logs and on terminals).
std::string quoted_for_message(const std::string& input);
// Unknown bits are rejected; `allowed` is the set the method accepts.
void validate_flags(uint64_t flags, uint64_t allowed);
// Whether an Info argument is a path (contains '/' or ends in ".ko", ".ko.xz", ...): the
// contract's rule, which modctl applies too (wire::names_a_module_file).
bool looks_like_path(const std::string& name_or_path);

} // namespace modmgr
