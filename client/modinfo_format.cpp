#include "modinfo_format.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <utility>

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
    // A .modinfo key (the label is its name there): modinfo_keys places its values.
    bool modinfo = false;
};

// The order modinfo shows for most in-tree modules, for the values modinfo_keys does not place
// (from a daemon that sends none, or past a cut), then the signature block, parameters and our
// own keys.
const KnownKey kKnownKeys[] = {
    {"filename", "filename"},
    {"aliases", "alias", Shape::Plain, true},
    {"description", "description", Shape::Plain, true},
    {"authors", "author", Shape::Plain, true},
    {"version", "version", Shape::Plain, true},
    {"license", "license", Shape::Plain, true},
    {"srcversion", "srcversion", Shape::Plain, true},
    {"depends", "depends", Shape::CommaJoined, true},
    {"retpoline", "retpoline", Shape::ModinfoFlag, true},
    {"intree", "intree", Shape::ModinfoFlag, true},
    {"name", "name", Shape::Plain, true},
    {"vermagic", "vermagic", Shape::Plain, true},
    {"softdeps", "softdep", Shape::Plain, true},
    {"import_ns", "import_ns", Shape::Plain, true},
    {"firmware", "firmware", Shape::Plain, true},
    {"sig_id", "sig_id", Shape::Plain, true},
    {"signer", "signer", Shape::Plain, true},
    {"sig_key", "sig_key", Shape::Plain, true},
    {"sig_hashalgo", "sig_hashalgo", Shape::Plain, true},
    {"signature", "signature", Shape::Plain, true},
    {"parameters", "parm"},
    {"builtin", "builtin"},
    {"loaded", "loaded"},
    {"state", "state"},
    {"taint", "taint"},
    {"signed", "signed"},
    {"size", "size"},
    {"refcount", "refcount", Shape::CountOrNone},
    {"holders", "holders", Shape::CommaJoined},
    {"parameter_values", "parmvalue"},
    {"blacklisted", "blacklisted"},
    {"masked", "masked"},
    {"options", "options"},
    {"load_at_boot", "load_at_boot"},
    {"config_sources", "config"},
    {"devices", "device"},
    {"modinfo_keys", "modinfo_keys"},
};

// modinfo pads "key:" to this column, with at least one blank.
constexpr size_t kValueColumn = 16;
constexpr std::string_view kBlanks = "                ";
static_assert(kBlanks.size() == kValueColumn);

const KnownKey* known_key(std::string_view info_key) {
    for (const auto& known : kKnownKeys)
        if (info_key == known.info_key)
            return &known;
    return nullptr;
}

// The known key whose values are those of the .modinfo key `modinfo_key`; nullptr for others.
const KnownKey* modinfo_key(std::string_view modinfo_key) {
    for (const auto& known : kKnownKeys)
        if (known.modinfo && modinfo_key == known.label)
            return &known;
    return nullptr;
}

size_t count_of(const std::vector<std::string_view>& keys, std::string_view key) {
    return static_cast<size_t>(std::count(keys.begin(), keys.end(), key));
}

// Appends to one string: the lines' pieces go straight into it, with no string per line. A
// value is a sequence of items, one line each (a list's elements; a string's lines when it
// joins a repeated key's values), printed in ranges, so that modinfo's order can interleave
// the values of several keys. With a field (modinfo -F), only that label's lines, without the
// label.
class ModinfoWriter {
public:
    explicit ModinfoWriter(std::optional<std::string_view> field) : field_(field) {}

    // How many lines `decoded` makes; `repeats` is how often modinfo_keys names its key (a
    // string joining that many values is one line per value).
    static size_t items(Shape shape, const DecodedValue& decoded, size_t repeats) {
        return std::visit([&](const auto& v) { return count(shape, v, repeats); }, decoded);
    }

    // Lines [first, last) of `decoded`.
    void value(Shape shape, std::string_view label, const DecodedValue& decoded, size_t first,
               size_t last, size_t repeats) {
        if (!field_ || *field_ == label)
            std::visit([&](const auto& v) { write(shape, label, v, first, last, repeats); },
                       decoded);
    }

    std::string release() { return std::move(text_); }

private:
    // A line whose value is `parts`, one after the other. Defined outside the class, so that
    // the compiler keeps it one function instead of a copy at each of its dozen callers.
    void line(std::string_view label, std::initializer_list<std::string_view> parts);
    // "label:" and the blanks up to the value's column.
    void start_line(std::string_view label);

    static bool split(std::string_view v, size_t repeats) {
        return repeats > 1 && static_cast<size_t>(std::count(v.begin(), v.end(), '\n')) + 1 == repeats;
    }
    static size_t count(Shape, std::string_view v, size_t repeats) {
        return split(v, repeats) ? repeats : 1;
    }
    static size_t count(Shape shape, const std::vector<std::string_view>& v, size_t) {
        return shape == Shape::CommaJoined ? 1 : v.size();
    }
    static size_t count(Shape, const std::vector<DecodedParameter>& v, size_t) { return v.size(); }
    static size_t count(Shape, const std::vector<ConfigSourceEntry>& v, size_t) { return v.size(); }
    static size_t count(Shape, const StringPairs& v, size_t) { return v.size(); }
    template <typename T>
    static size_t count(Shape, const T&, size_t) {
        return 1;
    }

    void write(Shape, std::string_view label, std::string_view v, size_t first, size_t last,
               size_t repeats) {
        if (!split(v, repeats)) {
            line(label, {v});
            return;
        }
        size_t start = 0;
        for (size_t item = 0; item < last; ++item) {
            const size_t end = std::min(v.find('\n', start), v.size());
            if (item >= first)
                line(label, {v.substr(start, end - start)});
            start = end + 1;
        }
    }
    void write(Shape shape, std::string_view label, bool v, size_t, size_t, size_t) {
        if (shape == Shape::ModinfoFlag)
            line(label, {v ? "Y" : "N"});
        else
            line(label, {v ? "yes" : "no"});
    }
    void write(Shape, std::string_view label, uint64_t v, size_t, size_t, size_t) {
        line(label, {std::to_string(v)});
    }
    void write(Shape shape, std::string_view label, int64_t v, size_t, size_t, size_t) {
        line(label, {shape == Shape::CountOrNone && v < 0 ? "-" : std::to_string(v)});
    }
    void write(Shape, std::string_view label, double v, size_t, size_t, size_t) {
        line(label, {std::to_string(v)});
    }
    void write(Shape shape, std::string_view label, const std::vector<std::string_view>& v,
               size_t first, size_t last, size_t) {
        if (shape != Shape::CommaJoined) {
            for (size_t i = first; i < last; ++i)
                line(label, {v[i]});
            return;
        }
        start_line(label);
        for (size_t i = 0; i < v.size(); ++i)
            text_.append(i == 0 ? "" : ",").append(v[i]);
        text_.append("\n");
    }
    // modinfo's three shapes of a parm line, depending on which of parm/parmtype the module has.
    void write(Shape, std::string_view label, const std::vector<DecodedParameter>& v, size_t first,
               size_t last, size_t) {
        for (size_t i = first; i < last; ++i) {
            const auto& p = v[i];
            if (p.description.empty() && !p.type.empty())
                line(label, {p.name, ":", p.type});
            else if (p.type.empty())
                line(label, {p.name, ":", p.description});
            else
                line(label, {p.name, ":", p.description, " (", p.type, ")"});
        }
    }
    void write(Shape, std::string_view label, const std::vector<ConfigSourceEntry>& v,
               size_t first, size_t last, size_t) {
        const auto rows = config_source_rows(v);
        for (size_t i = first; i < last; ++i)
            line(label, {rows[i]});
    }
    void write(Shape, std::string_view label, const StringPairs& v, size_t first, size_t last,
               size_t) {
        for (size_t i = first; i < last; ++i)
            line(label, {v[i].first, "=", v[i].second});
    }
    void write(Shape, std::string_view label, const UnsupportedValue& v, size_t, size_t, size_t) {
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

// The lines of each key printed so far, so that the keys' values are each printed once,
// whichever way comes to them first.
class PrintedLines {
public:
    PrintedLines(const DecodedDictionary& info, ModinfoWriter& writer,
                 std::vector<std::string_view> order)
        : info_(info), writer_(writer), order_(std::move(order)) {}

    // Up to `lines` more lines of `key` (SIZE_MAX: all that are left).
    void print(std::string_view key, std::string_view label, Shape shape, size_t lines) {
        const DecodedValue* value = find_value(info_, key);
        if (value == nullptr)
            return;
        const size_t repeats = count_of(order_, label);
        size_t& done = done_of(key);
        const size_t total = ModinfoWriter::items(shape, *value, repeats);
        const size_t last = total - done < lines ? total : done + lines;
        if (done < last)
            writer_.value(shape, label, *value, done, last, repeats);
        done = last;
    }

private:
    size_t& done_of(std::string_view key) {
        for (auto& [printed, count] : done_)
            if (printed == key)
                return count;
        return done_.emplace_back(key, 0).second;
    }

    const DecodedDictionary& info_;
    ModinfoWriter& writer_;
    std::vector<std::string_view> order_;
    std::vector<std::pair<std::string_view, size_t>> done_;
};

} // namespace

std::string format_modinfo(const DecodedDictionary& info,
                           std::optional<std::string_view> field) {
    ModinfoWriter writer(field);
    const auto* order = find_value_as<std::vector<std::string_view>>(info, "modinfo_keys");
    const std::vector<std::string_view> keys = order ? *order : std::vector<std::string_view>{};
    PrintedLines printed(info, writer, keys);
    constexpr size_t kAll = SIZE_MAX;

    // modinfo names a builtin module before its "(builtin)" filename, since that is all it has.
    const bool* builtin = find_value_as<bool>(info, "builtin");
    if (builtin && *builtin)
        printed.print("name", "name", Shape::Plain, kAll);
    printed.print("filename", "filename", Shape::Plain, kAll);
    // Each value where modinfo prints it; a key this version does not know under its own name.
    for (const auto key : keys) {
        if (const KnownKey* known = modinfo_key(key))
            printed.print(known->info_key, known->label, known->shape, 1);
        else if (known_key(key) == nullptr)
            printed.print(key, key, Shape::Plain, 1);
    }
    for (const auto& known : kKnownKeys)
        if (std::string_view(known.info_key) != "modinfo_keys")
            printed.print(known.info_key, known.label, known.shape, kAll);

    // The keys this version does not know that modinfo_keys did not place, by name; of two
    // entries with one key the first counts, as for find_value.
    std::vector<const DecodedEntry*> unknown;
    for (const auto& entry : info)
        if (known_key(entry.key) == nullptr && find_value(info, entry.key) == &entry.value)
            unknown.push_back(&entry);
    std::sort(unknown.begin(), unknown.end(),
              [](const DecodedEntry* a, const DecodedEntry* b) { return a->key < b->key; });
    for (const auto* entry : unknown)
        printed.print(entry->key, entry->key, Shape::Plain, kAll);
    return writer.release();
}

std::vector<std::string> modinfo_labels() {
    std::vector<std::string> labels;
    for (const auto& known : kKnownKeys)
        labels.emplace_back(known.label);
    return labels;
}

} // namespace modmgr
