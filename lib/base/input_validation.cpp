#include "base/input_validation.h"

#include <cctype>

#include <cstdio>
#include <string_view>

#include "base/module_error.h"
#include "text/escaped_text.h"
#include "text/utf8_text.h"
#include "wire_contract.h"

namespace modmgr {
namespace {

// A hostile caller must not flood logs or terminals through an echoed input.
constexpr size_t kMaxQuotedLength = 80;

[[noreturn]] void reject(const std::string& what, const std::string& input,
                         const std::string& reason) {
    throw ModuleError(ErrorCode::InvalidArgument,
                      "invalid " + what + " " + quoted_for_message(input) + ": " + reason);
}

bool is_graphic(unsigned char c) { return c >= 0x21 && c <= 0x7e; }
bool is_key_char(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

std::string hex(uint64_t value) {
    char buffer[19];
    std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
    return buffer;
}

void validate_parameter(const std::string& parameter) {
    if (parameter.empty())
        reject("parameter", parameter, "empty");
    if (parameter.size() > kMaxParameterLength)
        reject("parameter", parameter,
               "longer than " + std::to_string(kMaxParameterLength) + " bytes");
    const size_t equals = parameter.find('=');
    const std::string key = parameter.substr(0, equals);
    if (key.empty())
        reject("parameter", parameter, "no name before '='");
    if (!is_key_char(key[0]))
        reject("parameter", parameter, "the name must start with a letter, digit or '_'");
    for (unsigned char c : key)
        if (!is_key_char(c) && c != '.' && c != '-')
            reject("parameter", parameter,
                   "the name may only contain letters, digits, '_', '.' and '-'");
    if (equals == std::string::npos)
        return;
    for (size_t i = equals + 1; i < parameter.size(); ++i) {
        const unsigned char c = parameter[i];
        if (c == '"')
            reject("parameter", parameter, "the value must not contain '\"'");
        if (c < 0x20 || c > 0x7e)
            reject("parameter", parameter, "the value must be printable ASCII");
    }
}

} // namespace

std::string quoted_for_message(const std::string& input) {
    return "\"" + escaped_for_log(input, kMaxQuotedLength) + "\"";
}

void validate_module_name(const std::string& name) {
    if (name.empty())
        reject("module name", name, "empty");
    if (name.size() > kMaxNameLength)
        reject("module name", name, "longer than " + std::to_string(kMaxNameLength) + " bytes");
    for (unsigned char c : name) {
        if (c == '/')
            reject("module name", name, "must not contain '/' (pass a path as a file instead)");
        if (!is_graphic(c))
            reject("module name", name,
                   "must be printable ASCII without spaces or control characters");
    }
    // Names and concrete aliases (pci:..., fs-btrfs, char-major-10-229) start with a letter,
    // digit or '_'; anything else ("-r", "..", "*") is an option or a pattern, not a module.
    unsigned char first = name[0];
    if (!std::isalnum(first) && first != '_')
        reject("module name", name, "must start with a letter, a digit or '_'");
}

void validate_module_path(const std::string& path) {
    if (path.empty())
        reject("path", path, "empty");
    if (path.size() > kMaxPathLength)
        reject("path", path, "longer than " + std::to_string(kMaxPathLength) + " bytes");
    for (unsigned char c : path)
        if (c < 0x20 || c > 0x7e)
            reject("path", path, "must be printable ASCII without control characters");
}

void validate_plain_module_name(const std::string& name) {
    if (name.empty())
        reject("module name", name, "empty");
    if (name.size() > kMaxModuleNameLength)
        reject("module name", name,
               "longer than " + std::to_string(kMaxModuleNameLength) +
                   " bytes, the longest a kernel module name can be");
    for (unsigned char c : name)
        if (!is_key_char(c) && c != '-')
            reject("module name", name,
                   "a module name is needed (letters, digits, '_' and '-'), not an alias or "
                   "a path");
    if (name[0] == '-')
        reject("module name", name, "must start with a letter, a digit or '_'");
}

void validate_search_query(const std::string& query) {
    if (query.empty())
        reject("search query", query, "empty");
    if (query.size() > wire::kMaxSearchQueryLength)
        reject("search query", query,
               "longer than " + std::to_string(wire::kMaxSearchQueryLength) + " bytes");
    uint32_t code_point = 0;
    for (size_t at = 0; at < query.size();) {
        const size_t length = utf8_character(std::string_view(query).substr(at), code_point);
        if (length == 0)
            reject("search query", query, "not valid UTF-8");
        if (code_point < 0x20 || (code_point >= 0x7f && code_point <= 0x9f))
            reject("search query", query, "must not contain control characters");
        at += length;
    }
}

void validate_parameters(const std::vector<std::string>& parameters) {
    if (parameters.size() > kMaxParameters)
        throw ModuleError(ErrorCode::InvalidArgument,
                          "too many parameters: " + std::to_string(parameters.size()) +
                              " given, at most " + std::to_string(kMaxParameters) + " accepted");
    for (const auto& parameter : parameters)
        validate_parameter(parameter);
}

void validate_device_name(const std::string& device) {
    const size_t slash = device.find('/');
    if (slash == std::string::npos)
        reject("device", device, "must be BUS/NAME, as modctl devices shows it");
    const std::string bus = device.substr(0, slash);
    const std::string name = device.substr(slash + 1);
    if (bus.empty() || bus.size() > kMaxBusNameLength)
        reject("device", device,
               "the bus must have 1 to " + std::to_string(kMaxBusNameLength) + " bytes");
    for (unsigned char c : bus)
        if (!is_key_char(c) && c != '-')
            reject("device", device, "the bus may only contain letters, digits, '_' and '-'");
    if (name.empty() || name.size() > kMaxDeviceNameLength)
        reject("device", device,
               "the name must have 1 to " + std::to_string(kMaxDeviceNameLength) + " bytes");
    for (unsigned char c : name)
        if (!is_key_char(c) && std::string_view("_.:@+-").find(static_cast<char>(c)) ==
                                   std::string_view::npos)
            reject("device", device,
                   "the name may only contain letters, digits and '_', '.', ':', '@', '+', '-'");
    if (name[0] == '.')
        reject("device", device, "the name must not start with '.'");
}

DeviceName DeviceName::checked(const std::string& device) {
    validate_device_name(device);
    const size_t slash = device.find('/');
    return DeviceName(device.substr(0, slash), device.substr(slash + 1));
}

void validate_flags(uint64_t flags, uint64_t allowed) {
    const uint64_t unknown = flags & ~allowed;
    if (unknown != 0)
        throw ModuleError(ErrorCode::InvalidArgument,
                          "invalid flags " + hex(flags) + ": unknown bits " + hex(unknown) +
                              " (accepted: " + hex(allowed) + ")");
}

ModuleParameters ModuleParameters::checked(const std::vector<std::string>& parameters) {
    validate_parameters(parameters);
    return ModuleParameters(parameters);
}

bool looks_like_path(const std::string& name_or_path) {
    return wire::names_a_module_file(name_or_path);
}

} // namespace modmgr
