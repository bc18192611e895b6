#include "decoded_value.h"

#include "wire_types.h"

namespace modmgr {

DecodedValue decode_variant(const sdbus::Variant& value) {
    const std::string signature = value.peekValueType();
    if (signature == "s")
        return value.get<std::string>();
    if (signature == "o")
        return std::string(value.get<sdbus::ObjectPath>());
    if (signature == "g")
        return std::string(value.get<sdbus::Signature>());
    if (signature == "b")
        return value.get<bool>();
    if (signature == "t")
        return value.get<uint64_t>();
    if (signature == "u")
        return uint64_t{value.get<uint32_t>()};
    if (signature == "q")
        return uint64_t{value.get<uint16_t>()};
    if (signature == "y")
        return uint64_t{value.get<uint8_t>()};
    if (signature == "x")
        return value.get<int64_t>();
    if (signature == "i")
        return int64_t{value.get<int32_t>()};
    if (signature == "n")
        return int64_t{value.get<int16_t>()};
    if (signature == "d")
        return value.get<double>();
    if (signature == "as")
        return value.get<std::vector<std::string>>();
    if (signature == "a(sss)") {
        std::vector<DecodedParameter> parameters;
        for (const auto& entry : value.get<std::vector<wire::ParameterRow>>())
            parameters.push_back({std::get<0>(entry), std::get<1>(entry), std::get<2>(entry)});
        return parameters;
    }
    if (signature == "a(ssisb)") {
        std::vector<ConfigSourceEntry> sources;
        for (const auto& entry : value.get<std::vector<wire::ConfigSourceRow>>())
            sources.push_back({std::get<0>(entry), std::get<1>(entry), std::get<2>(entry),
                               std::get<3>(entry), std::get<4>(entry)});
        return sources;
    }
    if (signature == "a{ss}")
        return value.get<std::map<std::string, std::string>>();
    return UnsupportedValue{signature};
}

} // namespace modmgr
