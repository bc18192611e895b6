#include "modinfo_format.h"

#include <algorithm>
#include <set>
#include <type_traits>

#include "config_format.h"
#include "text/string_join.h"

namespace modmgr {

namespace {

struct KnownKey {
    const char* info_key;
    const char* label;
};

// The order modinfo shows for most in-tree modules (the .modinfo section's order varies per
// module, and a{sv} keeps none), then the signature block, parameters and our own keys.
const KnownKey kKnownKeys[] = {
    {"filename", "filename"},
    {"aliases", "alias"},
    {"description", "description"},
    {"authors", "author"},
    {"version", "version"},
    {"license", "license"},
    {"srcversion", "srcversion"},
    {"depends", "depends"},
    {"retpoline", "retpoline"},
    {"intree", "intree"},
    {"name", "name"},
    {"vermagic", "vermagic"},
    {"softdeps", "softdep"},
    {"import_ns", "import_ns"},
    {"firmware", "firmware"},
    {"sig_id", "sig_id"},
    {"signer", "signer"},
    {"sig_key", "sig_key"},
    {"sig_hashalgo", "sig_hashalgo"},
    {"signature", "signature"},
    {"parameters", "parm"},
    {"builtin", "builtin"},
    {"loaded", "loaded"},
    {"state", "state"},
    {"size", "size"},
    {"refcount", "refcount"},
    {"holders", "holders"},
    {"parameter_values", "parmvalue"},
    {"blacklisted", "blacklisted"},
    {"options", "options"},
    {"load_at_boot", "load_at_boot"},
    {"config_sources", "config"},
};

// modinfo shows these lists as one comma-separated value, every other list one line per value.
const std::set<std::string> kCommaJoinedLists = {"depends", "holders"};
// .modinfo flags modinfo prints as the raw "Y"; our own flags read better as yes/no.
const std::set<std::string> kModinfoFlags = {"retpoline", "intree"};

// modinfo's three shapes of a parm line, depending on which of parm/parmtype the module has.
std::string parameter_text(const DecodedParameter& parameter) {
    if (parameter.description.empty() && !parameter.type.empty())
        return parameter.name + ":" + parameter.type;
    if (parameter.type.empty())
        return parameter.name + ":" + parameter.description;
    return parameter.name + ":" + parameter.description + " (" + parameter.type + ")";
}

class ModinfoWriter {
public:
    void line(const std::string& label, const std::string& value) {
        std::string key = label + ":";
        key.resize(std::max<size_t>(key.size() + 1, 16), ' ');
        text_ += key + value + "\n";
    }

    void value(const std::string& key, const std::string& label, const DecodedValue& decoded) {
        std::visit([&](const auto& v) { write(key, label, v); }, decoded);
    }

    const std::string& text() const { return text_; }

private:
    void write(const std::string&, const std::string& label, const std::string& v) {
        line(label, v);
    }
    void write(const std::string& key, const std::string& label, bool v) {
        if (kModinfoFlags.count(key))
            line(label, v ? "Y" : "N");
        else
            line(label, v ? "yes" : "no");
    }
    void write(const std::string&, const std::string& label, uint64_t v) {
        line(label, std::to_string(v));
    }
    void write(const std::string& key, const std::string& label, int64_t v) {
        line(label, key == "refcount" && v < 0 ? "-" : std::to_string(v));
    }
    void write(const std::string&, const std::string& label, double v) {
        line(label, std::to_string(v));
    }
    void write(const std::string& key, const std::string& label,
               const std::vector<std::string>& v) {
        if (kCommaJoinedLists.count(key)) {
            line(label, join(v, ","));
            return;
        }
        for (const auto& item : v)
            line(label, item);
    }
    void write(const std::string&, const std::string& label,
               const std::vector<DecodedParameter>& v) {
        for (const auto& parameter : v)
            line(label, parameter_text(parameter));
    }
    void write(const std::string&, const std::string& label,
               const std::vector<ConfigSourceEntry>& v) {
        for (const auto& row : config_source_rows(v))
            line(label, row);
    }
    void write(const std::string&, const std::string& label,
               const std::map<std::string, std::string>& v) {
        for (const auto& [name, value] : v)
            line(label, name + "=" + value);
    }
    void write(const std::string&, const std::string& label, const UnsupportedValue& v) {
        line(label, "(value of D-Bus type " + v.signature + ")");
    }

    std::string text_;
};

} // namespace

std::string format_modinfo(const ModuleInfoMap& info) {
    ModuleInfoMap remaining = info;

    ModinfoWriter writer;
    auto take = [&](const std::string& key, const std::string& label) {
        auto found = remaining.find(key);
        if (found == remaining.end())
            return;
        writer.value(key, label, found->second);
        remaining.erase(found);
    };

    // modinfo names a builtin module before its "(builtin)" filename, since that is all it has.
    auto builtin = remaining.find("builtin");
    if (builtin != remaining.end() && std::holds_alternative<bool>(builtin->second) &&
        std::get<bool>(builtin->second))
        take("name", "name");
    for (const auto& known : kKnownKeys)
        take(known.info_key, known.label);
    for (const auto& [key, value] : remaining)
        writer.value(key, key, value);
    return writer.text();
}

} // namespace modmgr
