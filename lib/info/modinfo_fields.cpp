#include "info/modinfo_fields.h"

#include "text/string_join.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <string_view>

namespace modmgr {

namespace {

// modinfo key -> Info key, for the keys that are lists.
const std::map<std::string, std::string> kListKeys = {
    {"author", "authors"}, {"alias", "aliases"}, {"firmware", "firmware"}, {"import_ns", "import_ns"}};
const std::set<std::string> kFlagKeys = {"intree", "retpoline"};
const std::set<std::string> kStringKeys = {"name",     "version", "srcversion", "license",
                                           "description", "vermagic", "sig_id", "signer",
                                           "sig_hashalgo"};
// Strings libkmod formats as "AB:CD:...", breaking the line every 20 bytes.
const std::set<std::string> kHexKeys = {"sig_key", "signature"};
// Info's fields that no .modinfo key of the same name holds: made from other keys here, or
// added by module_info_reader (file, live state, configuration). A module's own key of such
// a name would pose as that field, with another type, so it is dropped.
const std::set<std::string> kInfoOnlyKeys = {
    "authors", "aliases", "softdeps", "parameters", "filename", "builtin", "loaded", "state", "size",
    "refcount", "holders", "parameter_values", "blacklisted", "masked", "options", "load_at_boot",
    "config_sources", "also_matches", "modinfo_keys", "truncated", "signed", "taint", "devices"};

std::vector<std::string> without_line_breaks(std::vector<std::string> hex_values) {
    static const std::string kBreak = "\n\t\t";
    for (auto& hex : hex_values)
        for (auto at = hex.find(kBreak); at != std::string::npos; at = hex.find(kBreak, at))
            hex.erase(at, kBreak.size());
    return hex_values;
}

std::vector<std::string> split_depends(const std::vector<std::string>& values) {
    std::vector<std::string> modules;
    for (const auto& value : values) {
        size_t start = 0;
        while (start < value.size()) {
            size_t comma = value.find(',', start);
            if (comma == std::string::npos)
                comma = value.size();
            if (comma > start)
                modules.push_back(value.substr(start, comma - start));
            start = comma + 1;
        }
    }
    return modules;
}

// Like modinfo: one entry per parameter name, the last parm/parmtype of a name wins, a value
// without ':' is ignored (modinfo reports it as invalid), and the order is modinfo's: it puts
// each new name in front of those before it, so the last name to appear comes first.
std::vector<ParameterDescription> merge_parameters(const ModinfoEntries& entries) {
    std::vector<ParameterDescription> parameters;
    for (const auto& [key, value] : entries) {
        if (key != "parm" && key != "parmtype")
            continue;
        const size_t colon = value.find(':');
        if (colon == std::string::npos)
            continue;
        const std::string name = value.substr(0, colon);
        auto it = std::find_if(parameters.begin(), parameters.end(),
                               [&](const ParameterDescription& p) { return p.name == name; });
        if (it == parameters.end())
            it = parameters.insert(parameters.end(), ParameterDescription{name, "", ""});
        (key == "parm" ? it->description : it->type) = value.substr(colon + 1);
    }
    std::reverse(parameters.begin(), parameters.end());
    return parameters;
}

// The keys modinfo prints, in its order, one per value: those of the entries made into Info
// fields (modinfo prints the parameters after them all).
std::vector<std::string> printed_keys(const ModinfoEntries& entries) {
    std::vector<std::string> keys;
    for (const auto& entry : entries)
        if (entry.first != "parm" && entry.first != "parmtype" && !kInfoOnlyKeys.count(entry.first))
            keys.push_back(entry.first);
    return keys;
}

// Keeps the values of `info` within the reply bounds (see the header); returns the keys cut.
class ReplyBudget {
public:
    std::vector<std::string> cut;

    void fit(const std::string& key, InfoValue& value) {
        if (auto* text = std::get_if<std::string>(&value)) {
            if (!take(key, *text))
                drop(key);
        } else if (auto* list = std::get_if<std::vector<std::string>>(&value)) {
            fit_list(key, *list, [&](std::string& item) { return take(key, item); });
        } else if (auto* parameters = std::get_if<std::vector<ParameterDescription>>(&value)) {
            fit_list(key, *parameters, [&](ParameterDescription& p) {
                return take(key, p.name) && take(key, p.type) && take(key, p.description);
            });
        }
    }

    bool dropped(const std::string& key) const { return dropped_.count(key) != 0; }

private:
    // Shortens `text` to the value bound and spends it; false when the budget is spent.
    bool take(const std::string& key, std::string& text) {
        if (text.size() > kMaxModinfoValue) {
            text.resize(kMaxModinfoValue);
            mark(key);
        }
        if (text.size() > left_) {
            mark(key);
            return false;
        }
        left_ -= text.size();
        return true;
    }

    template <typename List, typename Take>
    void fit_list(const std::string& key, List& list, Take take_item) {
        for (size_t i = 0; i < list.size(); ++i) {
            if (!take_item(list[i])) {
                list.resize(i);
                break;
            }
        }
        if (list.empty() && is_marked(key))
            drop(key);
    }

    void mark(const std::string& key) {
        if (!is_marked(key))
            cut.push_back(key);
    }
    bool is_marked(const std::string& key) const {
        return std::find(cut.begin(), cut.end(), key) != cut.end();
    }
    void drop(const std::string& key) {
        mark(key);
        dropped_.insert(key);
    }

    size_t left_ = kMaxModinfoTotal;
    std::set<std::string> dropped_;
};

// The order in which values get their share of the budget: what modinfo users look for
// first, the long lists last, anything a module made up after those.
const std::vector<std::string> kBudgetOrder = {
    "name",    "license", "description", "version",      "srcversion", "depends",
    "softdeps", "vermagic", "intree",    "retpoline",    "sig_id",     "signer",
    "sig_key", "sig_hashalgo", "signature", "parameters", "authors",   "firmware",
    "import_ns", "aliases", "modinfo_keys"};

void keep_within_budget(ModuleInfo& info) {
    ReplyBudget budget;
    for (const auto& key : kBudgetOrder)
        if (auto it = info.find(key); it != info.end())
            budget.fit(key, it->second);
    for (auto& [key, value] : info)
        if (std::find(kBudgetOrder.begin(), kBudgetOrder.end(), key) == kBudgetOrder.end())
            budget.fit(key, value);
    for (auto it = info.begin(); it != info.end();)
        it = budget.dropped(it->first) ? info.erase(it) : std::next(it);
    if (!budget.cut.empty())
        info["truncated"] = budget.cut;
}

} // namespace

ModuleInfo modinfo_fields(const ModinfoEntries& entries) {
    std::map<std::string, std::vector<std::string>> values;
    for (const auto& [key, value] : entries)
        values[key].push_back(value);

    ModuleInfo info;
    for (const auto& [key, all] : values) {
        if (key == "parm" || key == "parmtype" || kInfoOnlyKeys.count(key))
            continue;
        if (auto list = kListKeys.find(key); list != kListKeys.end())
            info[list->second] = all;
        else if (kFlagKeys.count(key))
            info[key] = all.front() == "Y";
        else if (key == "depends")
            info[key] = split_depends(all);
        else if (key == "softdep")
            info["softdeps"] = join(all, "; ");
        else if (kHexKeys.count(key))
            info[key] = join(without_line_breaks(all), "\n");
        else if (kStringKeys.count(key))
            info[key] = join(all, "\n");
        else if (all.size() == 1)
            info[key] = all.front();
        else
            info[key] = all;
    }
    if (auto parameters = merge_parameters(entries); !parameters.empty())
        info["parameters"] = std::move(parameters);
    if (auto keys = printed_keys(entries); !keys.empty())
        info["modinfo_keys"] = std::move(keys);
    keep_within_budget(info);
    return info;
}

ModinfoEntries modinfo_entries(const char* data, size_t size) {
    ModinfoEntries entries;
    size_t start = 0;
    while (start < size) {
        const void* nul = std::memchr(data + start, '\0', size - start);
        const size_t end = nul ? static_cast<size_t>(static_cast<const char*>(nul) - data) : size;
        if (end > start) {
            const std::string_view entry(data + start, end - start);
            const size_t equals = entry.find('=');
            if (equals == std::string_view::npos)
                entries.emplace_back(std::string(entry), "");
            else
                entries.emplace_back(std::string(entry.substr(0, equals)),
                                     std::string(entry.substr(equals + 1)));
        }
        start = end + 1;
    }
    return entries;
}

} // namespace modmgr
