#include "bus_reader.h"

#include <cerrno>

namespace modmgr::bus {

namespace {

int check(int result, const char* what) {
    return check_bus_result(result, nullptr, what);
}

} // namespace

bool enter_next(sd_bus_message* message, char type, const char* contents) {
    return check(sd_bus_message_enter_container(message, type, contents),
                 "Failed to read a reply value") > 0;
}

void enter(sd_bus_message* message, char type, const char* contents) {
    if (!enter_next(message, type, contents))
        check(-ENXIO, "Failed to read a reply value");
}

void leave(sd_bus_message* message) {
    check(sd_bus_message_exit_container(message), "Failed to read a reply value");
}

bool is_struct_array_signature(std::string_view signature, std::string_view row) {
    return signature.size() == row.size() + 3 && signature.substr(0, 2) == "a(" &&
           signature.substr(2, row.size()) == row && signature.back() == ')';
}

std::string peek_variant_signature(sd_bus_message* message) {
    char type = 0;
    const char* contents = nullptr;
    check(sd_bus_message_peek_type(message, &type, &contents), "Failed to read a reply value");
    if (type != 'v' || !contents)
        check(-ENXIO, "Failed to read a reply value");
    return contents;
}

void skip(sd_bus_message* message, const char* signature) {
    check(sd_bus_message_skip(message, signature), "Failed to read a reply value");
}

std::string read_string(sd_bus_message* message, char type) {
    return std::string(read_borrowed_string(message, type));
}

bool read_bool(sd_bus_message* message) {
    return read<int>(message, 'b') != 0;
}

std::vector<std::string> read_strings(sd_bus_message* message) {
    const auto borrowed = read_borrowed_strings(message);
    return {borrowed.begin(), borrowed.end()};
}

std::string_view read_borrowed_string(sd_bus_message* message, char type) {
    return read<const char*>(message, type);
}

std::vector<std::string_view> read_borrowed_strings(sd_bus_message* message) {
    std::vector<std::string_view> values;
    enter(message, 'a', "s");
    while (check(sd_bus_message_at_end(message, 0), "Failed to read a reply value") == 0)
        values.push_back(read_borrowed_string(message));
    leave(message);
    return values;
}

std::vector<std::pair<std::string_view, std::string_view>>
read_borrowed_string_pairs(sd_bus_message* message) {
    std::vector<std::pair<std::string_view, std::string_view>> values;
    enter(message, 'a', "{ss}");
    while (enter_next(message, 'e', "ss")) {
        const std::string_view key = read_borrowed_string(message);
        values.emplace_back(key, read_borrowed_string(message));
        leave(message);
    }
    leave(message);
    return values;
}

void append_string(sd_bus_message* message, const std::string& value) {
    check(sd_bus_message_append_basic(message, 's', value.c_str()), "Failed to build a call");
}

void append_strings(sd_bus_message* message, const std::vector<std::string>& values) {
    check(sd_bus_message_open_container(message, 'a', "s"), "Failed to build a call");
    for (const auto& value : values)
        append_string(message, value);
    check(sd_bus_message_close_container(message), "Failed to build a call");
}

void append_bool(sd_bus_message* message, bool value) {
    const int wire = value;
    check(sd_bus_message_append_basic(message, 'b', &wire), "Failed to build a call");
}

void append_uint64(sd_bus_message* message, uint64_t value) {
    check(sd_bus_message_append_basic(message, 't', &value), "Failed to build a call");
}

void append_fd(sd_bus_message* message, int fd) {
    check(sd_bus_message_append_basic(message, 'h', &fd), "Failed to build a call");
}

} // namespace modmgr::bus
