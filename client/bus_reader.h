#pragma once
// Reading the values of a D-Bus message with sd-bus, and appending the ones modctl sends. Every
// failure throws BusError: a reply not shaped as the interface says is one.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <systemd/sd-bus.h>

#include "bus_error.h"

namespace modmgr::bus {

// Enters the next element of the current array, a struct ('r') or dictionary entry ('e') of
// `contents`; false at the array's end.
bool enter_next(sd_bus_message* message, char type, const char* contents);
void enter(sd_bus_message* message, char type, const char* contents);
void leave(sd_bus_message* message);
// Whether `signature` is "a(" + row + ")", that of an array of structs of `row`.
bool is_struct_array_signature(std::string_view signature, std::string_view row);
// Enters an array of structs of `row`; enter_next(message, 'r', row) then walks it. The rows
// are the constants of wire_signatures.h: their "(" + row + ")" is put together on the stack,
// as a std::string built at each List and Info would bring its own code along.
template <size_t N>
void enter_struct_array(sd_bus_message* message, const char (&row)[N]) {
    char contents[N + 2] = "(";
    std::memcpy(contents + 1, row, N - 1);
    contents[N] = ')';
    contents[N + 1] = '\0';
    enter(message, 'a', contents);
}
// An array of structs of `row`, each read by `read_row(message)`.
template <size_t N, typename ReadRow>
auto read_struct_array(sd_bus_message* message, const char (&row)[N], ReadRow read_row) {
    std::vector<decltype(read_row(message))> rows;
    enter_struct_array(message, row);
    while (enter_next(message, 'r', row)) {
        rows.push_back(read_row(message));
        leave(message);
    }
    leave(message);
    return rows;
}
// The signature inside the variant at the read position.
std::string peek_variant_signature(sd_bus_message* message);
void skip(sd_bus_message* message, const char* signature);

// A fixed-size basic value of D-Bus type `type` (y q u t n i x d h), as the C type sd-bus
// stores it in (uint8_t for y, int for h, ...).
template <typename Value>
Value read(sd_bus_message* message, char type) {
    Value value{};
    check_bus_result(sd_bus_message_read_basic(message, type, &value), nullptr,
                     "Failed to read a reply value");
    return value;
}

std::string read_string(sd_bus_message* message, char type = 's');
bool read_bool(sd_bus_message* message);
std::vector<std::string> read_strings(sd_bus_message* message);

// The same, borrowed from the message rather than copied: valid as long as it lives.
std::string_view read_borrowed_string(sd_bus_message* message, char type = 's');
std::vector<std::string_view> read_borrowed_strings(sd_bus_message* message);
// An a{ss}, in message order.
std::vector<std::pair<std::string_view, std::string_view>>
read_borrowed_string_pairs(sd_bus_message* message);

void append_string(sd_bus_message* message, const std::string& value);
void append_strings(sd_bus_message* message, const std::vector<std::string>& values);
void append_bool(sd_bus_message* message, bool value);
void append_uint64(sd_bus_message* message, uint64_t value);
void append_fd(sd_bus_message* message, int fd);

} // namespace modmgr::bus
