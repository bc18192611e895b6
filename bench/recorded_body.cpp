#include "recorded_body.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace modmgr::bench {
namespace {

bool is_container(char type) {
    return type == SD_BUS_TYPE_ARRAY || type == SD_BUS_TYPE_VARIANT ||
           type == SD_BUS_TYPE_STRUCT || type == SD_BUS_TYPE_DICT_ENTRY;
}

bool is_string(char type) {
    return type == SD_BUS_TYPE_STRING || type == SD_BUS_TYPE_OBJECT_PATH ||
           type == SD_BUS_TYPE_SIGNATURE;
}

void check(int r, const char* what) {
    if (r < 0)
        throw std::runtime_error(std::string(what) + ": " + std::strerror(-r));
}

} // namespace

RecordedBody::RecordedBody(sd_bus_message* message) {
    check(sd_bus_message_rewind(message, 1), "cannot rewind a message");
    record(message);
}

void RecordedBody::record(sd_bus_message* message) {
    char type = 0;
    const char* contents = nullptr;
    int r = 0;
    while ((r = sd_bus_message_peek_type(message, &type, &contents)) > 0) {
        if (is_container(type)) {
            appends_.push_back({Step::Open, type, contents, 0});
            check(sd_bus_message_enter_container(message, type, contents),
                  "cannot enter a container");
            record(message);
            check(sd_bus_message_exit_container(message), "cannot leave a container");
            appends_.push_back({Step::Close, type, {}, 0});
        } else if (type == SD_BUS_TYPE_UNIX_FD) {
            // An fd is no value to send again: it would be this process's, not the sender's.
            throw std::runtime_error("a body with a file descriptor cannot be recorded");
        } else if (is_string(type)) {
            const char* value = nullptr;
            check(sd_bus_message_read_basic(message, type, &value), "cannot read a string");
            appends_.push_back({Step::Value, type, value, 0});
        } else {
            uint64_t value = 0;
            check(sd_bus_message_read_basic(message, type, &value), "cannot read a value");
            appends_.push_back({Step::Value, type, {}, value});
        }
    }
    check(r, "cannot read a type");
}

int RecordedBody::append_to(sd_bus_message* message) const {
    for (const Append& append : appends_) {
        int r = 0;
        switch (append.step) {
        case Step::Open:
            r = sd_bus_message_open_container(message, append.type, append.text.c_str());
            break;
        case Step::Close:
            r = sd_bus_message_close_container(message);
            break;
        case Step::Value:
            r = sd_bus_message_append_basic(message, append.type,
                                            is_string(append.type)
                                                ? static_cast<const void*>(append.text.c_str())
                                                : &append.fixed);
            break;
        }
        if (r < 0)
            return r;
    }
    return 0;
}

std::string body_text(sd_bus_message* message) {
    char* text = nullptr;
    size_t size = 0;
    FILE* out = ::open_memstream(&text, &size);
    if (!out)
        throw std::runtime_error("open_memstream failed");
    int r = sd_bus_message_rewind(message, 1);
    if (r >= 0)
        r = sd_bus_message_dump(message, out, SD_BUS_MESSAGE_DUMP_SUBTREE_ONLY);
    std::fclose(out);
    std::string body(text ? text : "", size);
    std::free(text);
    check(r, "cannot print a message");
    return body;
}

} // namespace modmgr::bench
