// modinfo's key/value list as a module's .modinfo section holds it: "key=value\0key=value\0",
// split by modinfo_entries() as libkmod splits the section.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <variant>

#include "fuzz_check.h"
#include "info/modinfo_fields.h"

using namespace modmgr;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const ModinfoEntries entries = modinfo_entries(reinterpret_cast<const char*>(data), size);
    const ModuleInfo info = modinfo_fields(entries);

    // Each field the header names has the type it gives (a `.modinfo` key of the same name as
    // an Info field must not change that).
    using Strings = std::vector<std::string>;
    using Parameters = std::vector<ParameterDescription>;
    for (const char* key : {"authors", "aliases", "firmware", "import_ns", "depends"})
        if (const auto found = info.find(key); found != info.end())
            FUZZ_CHECK(std::holds_alternative<Strings>(found->second));
    for (const char* key : {"intree", "retpoline"})
        if (const auto found = info.find(key); found != info.end())
            FUZZ_CHECK(std::holds_alternative<bool>(found->second));
    for (const char* key : {"softdeps", "name", "version", "srcversion", "license", "description",
                            "vermagic", "sig_id", "signer", "sig_key", "sig_hashalgo", "signature"})
        if (const auto found = info.find(key); found != info.end())
            FUZZ_CHECK(std::holds_alternative<std::string>(found->second));

    // Aliases are every alias value, in section order.
    Strings aliases;
    for (const auto& [key, value] : entries)
        if (key == "alias")
            aliases.push_back(value);
    if (!aliases.empty()) {
        const auto found = info.find("aliases");
        FUZZ_CHECK(found != info.end() && std::get<Strings>(found->second) == aliases);
    }

    // One entry per parameter name.
    if (const auto found = info.find("parameters"); found != info.end()) {
        FUZZ_CHECK(std::holds_alternative<Parameters>(found->second));
        std::set<std::string> names;
        for (const auto& parameter : std::get<Parameters>(found->second))
            FUZZ_CHECK(names.insert(parameter.name).second);
    }
    return 0;
}
