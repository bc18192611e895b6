#include "modinfo_format.h"

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <string_view>

#include "config_format.h"

namespace modmgr {

namespace {

// How a key's values are shown, where it is not one line per value as given.
enum class Shape {
    Plain,
    // A list modinfo shows as one comma-separated value.
    CommaJoined,
    // A .modinfo flag, which modinfo prints as the raw "Y"; our own flags read better as yes/no.
    ModinfoFlag,
    // A count of which the kernel may keep none (-1), shown as "-".
    CountOrNone,
};

struct KnownKey {
    const char* info_key;
    const char* label;
    Shape shape = Shape::Plain;
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
    {"depends", "depends", Shape::CommaJoined},
    {"retpoline", "retpoline", Shape::ModinfoFlag},
    {"intree", "intree", Shape::ModinfoFlag},
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
    {"refcount", "refcount", Shape::CountOrNone},
    {"holders", "holders", Shape::CommaJoined},
    {"parameter_values", "parmvalue"},
    {"blacklisted", "blacklisted"},
    {"options", "options"},
    {"load_at_boot", "load_at_boot"},
    {"config_sources", "config"},
};

// modinfo pads "key:" to this column, with at least one blank.
constexpr size_t kValueColumn = 16;
constexpr std::string_view kBlanks = "                ";
static_assert(kBlanks.size() == kValueColumn);

bool is_known(std::string_view key) {
    for (const auto& known : kKnownKeys)
        if (key == known.info_key)
            return true;
    return false;
}

// Appends to one string: the lines' pieces go straight into it, with no string per line.
// With a field (modinfo -F), only that label's lines, without the label.
class ModinfoWriter {
public:
    explicit ModinfoWriter(std::optional<std::string_view> field) : field_(field) {}

    void value(Shape shape, std::string_view label, const DecodedValue& decoded) {
        if (!field_ || *field_ == label)
            std::visit([&](const auto& v) { write(shape, label, v); }, decoded);
    }

    std::string release() { return std::move(text_); }

private:
    // A line whose value is `parts`, one after the other. Defined outside the class, so that
    // the compiler keeps it one function instead of a copy at each of its dozen callers.
    void line(std::string_view label, std::initializer_list<std::string_view> parts);
    // "label:" and the blanks up to the value's column.
    void start_line(std::string_view label);

    void write(Shape, std::string_view label, std::string_view v) { line(label, {v}); }
    void write(Shape shape, std::string_view label, bool v) {
        if (shape == Shape::ModinfoFlag)
            line(label, {v ? "Y" : "N"});
        else
            line(label, {v ? "yes" : "no"});
    }
    void write(Shape, std::string_view label, uint64_t v) { line(label, {std::to_string(v)}); }
    void write(Shape shape, std::string_view label, int64_t v) {
        line(label, {shape == Shape::CountOrNone && v < 0 ? "-" : std::to_string(v)});
    }
    void write(Shape, std::string_view label, double v) { line(label, {std::to_string(v)}); }
    void write(Shape shape, std::string_view label, const std::vector<std::string_view>& v) {
        if (shape != Shape::CommaJoined) {
            for (const auto item : v)
                line(label, {item});
            return;
        }
        start_line(label);
        for (size_t i = 0; i < v.size(); ++i)
            text_.append(i == 0 ? "" : ",").append(v[i]);
        text_.append("\n");
    }
    // modinfo's three shapes of a parm line, depending on which of parm/parmtype the module has.
    void write(Shape, std::string_view label, const std::vector<DecodedParameter>& v) {
        for (const auto& p : v) {
            if (p.description.empty() && !p.type.empty())
                line(label, {p.name, ":", p.type});
            else if (p.type.empty())
                line(label, {p.name, ":", p.description});
            else
                line(label, {p.name, ":", p.description, " (", p.type, ")"});
        }
    }
    void write(Shape, std::string_view label, const std::vector<ConfigSourceEntry>& v) {
        for (const auto& row : config_source_rows(v))
            line(label, {row});
    }
    void write(Shape, std::string_view label, const StringPairs& v) {
        for (const auto& [name, value] : v)
            line(label, {name, "=", value});
    }
    void write(Shape, std::string_view label, const UnsupportedValue& v) {
        line(label, {"(value of D-Bus type ", v.signature, ")"});
    }

    std::optional<std::string_view> field_;
    std::string text_;
};

// Every piece is appended as a string_view, so that one of std::string's functions does it all.
void ModinfoWriter::start_line(std::string_view label) {
    if (field_)
        return;
    text_.append(label).append(":");
    const size_t key_width = label.size() + 1;
    text_.append(kBlanks.substr(0, key_width < kValueColumn ? kValueColumn - key_width : 1));
}

void ModinfoWriter::line(std::string_view label, std::initializer_list<std::string_view> parts) {
    start_line(label);
    for (const auto part : parts)
        text_.append(part);
    text_.append("\n");
}

} // namespace

std::string format_modinfo(const DecodedDictionary& info,
                           std::optional<std::string_view> field) {
    ModinfoWriter writer(field);
    auto write_known = [&](const KnownKey& known) {
        if (const DecodedValue* value = find_value(info, known.info_key))
            writer.value(known.shape, known.label, *value);
    };

    // modinfo names a builtin module before its "(builtin)" filename, since that is all it has.
    const bool* builtin = find_value_as<bool>(info, "builtin");
    const bool name_first = builtin && *builtin;
    if (name_first)
        write_known({"name", "name"});
    for (const auto& known : kKnownKeys)
        if (!name_first || std::string_view(known.info_key) != "name")
            write_known(known);

    // The keys this version does not know, by name; of two entries with one key the first
    // counts, as for find_value.
    std::vector<const DecodedEntry*> unknown;
    for (const auto& entry : info)
        if (!is_known(entry.key) && find_value(info, entry.key) == &entry.value)
            unknown.push_back(&entry);
    std::sort(unknown.begin(), unknown.end(),
              [](const DecodedEntry* a, const DecodedEntry* b) { return a->key < b->key; });
    for (const auto* entry : unknown)
        writer.value(Shape::Plain, entry->key, entry->value);
    return writer.release();
}

} // namespace modmgr
