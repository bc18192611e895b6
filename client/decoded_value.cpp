#include "decoded_value.h"

#include "bus_reader.h"
#include "wire_signatures.h"

namespace modmgr {

namespace {

constexpr size_t kUsualEntries = 32;

template <typename Wire, typename Decoded>
DecodedValue read_as(sd_bus_message* message, char type) {
    return Decoded{bus::read<Wire>(message, type)};
}

DecodedValue read_text(sd_bus_message* message, char type) {
    return bus::read_borrowed_string(message, type);
}

DecodedValue read_flag(sd_bus_message* message, char) {
    return bus::read_bool(message);
}

// The basic types, each read as the DecodedValue alternative that holds it.
struct BasicReader {
    char type;
    DecodedValue (*read)(sd_bus_message*, char);
};
constexpr BasicReader kBasicReaders[] = {
    {'s', read_text}, {'o', read_text}, {'g', read_text}, {'b', read_flag},
    {'t', read_as<uint64_t, uint64_t>}, {'u', read_as<uint32_t, uint64_t>},
    {'q', read_as<uint16_t, uint64_t>}, {'y', read_as<uint8_t, uint64_t>},
    {'x', read_as<int64_t, int64_t>}, {'i', read_as<int32_t, int64_t>},
    {'n', read_as<int16_t, int64_t>}, {'d', read_as<double, double>}};

DecodedParameter read_parameter(sd_bus_message* message) {
    DecodedParameter parameter;
    parameter.name = bus::read_borrowed_string(message);
    parameter.type = bus::read_borrowed_string(message);
    parameter.description = bus::read_borrowed_string(message);
    return parameter;
}

DecodedValue read_contents(sd_bus_message* message, const std::string& signature) {
    if (signature.size() == 1)
        for (const auto& basic : kBasicReaders)
            if (basic.type == signature[0])
                return basic.read(message, basic.type);
    if (signature == "as")
        return bus::read_borrowed_strings(message);
    if (bus::is_struct_array_signature(signature, wire_signature::kParameterRow))
        return bus::read_struct_array(message, wire_signature::kParameterRow, read_parameter);
    if (bus::is_struct_array_signature(signature, wire_signature::kConfigSourceRow))
        return bus::read_struct_array(message, wire_signature::kConfigSourceRow,
                                      read_config_source);
    if (signature == "a{ss}")
        return bus::read_borrowed_string_pairs(message);
    bus::skip(message, signature.c_str());
    return UnsupportedValue{signature};
}

DecodedValue read_variant(sd_bus_message* message) {
    const std::string signature = bus::peek_variant_signature(message);
    bus::enter(message, 'v', signature.c_str());
    DecodedValue value = read_contents(message, signature);
    bus::leave(message);
    return value;
}

} // namespace

ConfigSourceEntry read_config_source(sd_bus_message* message) {
    ConfigSourceEntry source;
    source.kind = bus::read_borrowed_string(message);
    source.file = bus::read_borrowed_string(message);
    source.line = bus::read<int32_t>(message, 'i');
    source.text = bus::read_borrowed_string(message);
    source.managed = bus::read_bool(message);
    return source;
}

DecodedDictionary read_decoded_dictionary(sd_bus_message* message) {
    DecodedDictionary dictionary;
    dictionary.reply_.reset(sd_bus_message_ref(message));
    auto& entries = dictionary.entries_;
    // Room for every key Info sends, so that reading never moves the entries already read.
    entries.reserve(kUsualEntries);
    bus::enter(message, 'a', "{sv}");
    while (bus::enter_next(message, 'e', "sv")) {
        const std::string_view key = bus::read_borrowed_string(message);
        entries.push_back({key, read_variant(message)});
        bus::leave(message);
    }
    bus::leave(message);
    return dictionary;
}

const DecodedValue* find_value(const DecodedDictionary& dictionary, std::string_view key) {
    for (const auto& entry : dictionary)
        if (entry.key == key)
            return &entry.value;
    return nullptr;
}

} // namespace modmgr
