#pragma once
// A message body taken apart once into the appends that build it again, so that a server can
// send the same body over and over for the cost of sd-bus's appends alone: nothing is read or
// parsed per reply. Appending the same types and values gives the same marshalled bytes.
#include <systemd/sd-bus.h>

#include <cstdint>
#include <string>
#include <vector>

namespace modmgr::bench {

class RecordedBody {
public:
    // Reads `message`'s whole body from its start.
    explicit RecordedBody(sd_bus_message* message);

    // Appends the recorded body to `message`; sd-bus's result.
    int append_to(sd_bus_message* message) const;

private:
    enum class Step : uint8_t { Open, Close, Value };
    struct Append {
        Step step;
        char type;
        std::string text; // Open: the container's contents; string types: the value
        uint64_t fixed;   // fixed-size types: the value, as sd_bus_message_read_basic wrote it
    };
    void record(sd_bus_message* message);

    std::vector<Append> appends_;
};

// A message's body as sd-bus prints it (sd_bus_message_dump), from its start: the same text
// means the same types and values.
std::string body_text(sd_bus_message* message);

} // namespace modmgr::bench
