#include "decoded_value.h"

#include "bus_reader.h"
#include "wire_signatures.h"

namespace modmgr {

namespace {

std::vector<DecodedParameter> read_parameters(sd_bus_message* message) {
    std::vector<DecodedParameter> parameters;
    bus::enter_struct_array(message, wire_signature::kParameterRow);
    while (bus::enter_next(message, 'r', wire_signature::kParameterRow)) {
        DecodedParameter parameter;
        parameter.name = bus::read_string(message);
        parameter.type = bus::read_string(message);
        parameter.description = bus::read_string(message);
        parameters.push_back(std::move(parameter));
        bus::leave(message);
    }
    bus::leave(message);
    return parameters;
}

std::vector<ConfigSourceEntry> read_config_sources(sd_bus_message* message) {
    std::vector<ConfigSourceEntry> sources;
    bus::enter_struct_array(message, wire_signature::kConfigSourceRow);
    while (bus::enter_next(message, 'r', wire_signature::kConfigSourceRow)) {
        ConfigSourceEntry source;
        source.kind = bus::read_string(message);
        source.file = bus::read_string(message);
        source.line = static_cast<int32_t>(bus::read_signed(message, 'i'));
        source.text = bus::read_string(message);
        source.managed = bus::read_bool(message);
        sources.push_back(std::move(source));
        bus::leave(message);
    }
    bus::leave(message);
    return sources;
}

DecodedValue read_contents(sd_bus_message* message, const std::string& signature) {
    if (signature.size() == 1) {
        switch (signature[0]) {
        case 's':
        case 'o':
        case 'g':
            return bus::read_string(message, signature[0]);
        case 'b':
            return bus::read_bool(message);
        case 't':
        case 'u':
        case 'q':
        case 'y':
            return bus::read_unsigned(message, signature[0]);
        case 'x':
        case 'i':
        case 'n':
            return bus::read_signed(message, signature[0]);
        case 'd':
            return bus::read_double(message);
        }
    }
    if (signature == "as")
        return bus::read_strings(message);
    if (signature == bus::struct_array_signature(wire_signature::kParameterRow))
        return read_parameters(message);
    if (signature == bus::struct_array_signature(wire_signature::kConfigSourceRow))
        return read_config_sources(message);
    if (signature == "a{ss}")
        return bus::read_string_map(message);
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

ModuleInfoMap read_module_info_map(sd_bus_message* message) {
    ModuleInfoMap values;
    bus::enter(message, 'a', "{sv}");
    while (bus::enter_next(message, 'e', "sv")) {
        std::string key = bus::read_string(message);
        values.emplace(std::move(key), read_variant(message));
        bus::leave(message);
    }
    bus::leave(message);
    return values;
}

} // namespace modmgr
