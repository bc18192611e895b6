// The proof that Info says what modinfo says: for a deterministic sample of the Debian tree's
// modules (and chosen hard cases) every field kmod 30's `modinfo` prints must be in Info with
// an equal value, and Info must add no modinfo field that modinfo lacks. Values are compared
// the way Info documents its typing (modinfo_fields.h).
#include <gtest/gtest.h>
#include "text/string_join.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "info/module_info_reader.h"
#include "support/scratch_dir.h"
#include "support/simulated_kernel.h"
#include "support/test_kernel_tree.h"

namespace modmgr {
namespace {

namespace fs = std::filesystem;
using Strings = std::vector<std::string>;
using ModinfoOutput = std::map<std::string, Strings>; // key -> values, in modinfo's order
// The .modinfo keys modinfo printed, in its order, one per value (what Info's modinfo_keys
// says): all but the name of a builtin, filename and parm, which modinfo prints itself.
const char kPrintedOrder[] = " order";

// Info keys that are not modinfo fields: live state, configuration, lookup result, order.
const std::set<std::string> kNotModinfo = {"builtin", "loaded", "state", "size", "refcount",
                                           "holders", "parameter_values", "blacklisted", "masked",
                                           "options", "load_at_boot", "config_sources",
                                           "also_matches", "modinfo_keys", "signed", "taint"};
// Info key -> the modinfo key it comes from, where they differ.
const std::map<std::string, std::string> kModinfoKey = {
    {"authors", "author"}, {"aliases", "alias"}, {"softdeps", "softdep"}, {"parameters", "parm"}};
// Keys of which Info keeps one string although some modules repeat them.
const std::set<std::string> kJoinedKeys = {"name",   "version", "srcversion", "license",
                                           "description", "vermagic", "sig_id", "signer",
                                           "sig_key", "sig_hashalgo", "signature"};

std::string modinfo_program() {
    for (const char* dir : {"/usr/sbin", "/sbin", "/usr/bin", "/bin"})
        if (fs::exists(fs::path(dir) / "modinfo"))
            return (fs::path(dir) / "modinfo").string();
    throw std::runtime_error("modinfo (kmod) is not installed");
}

std::string run(const std::string& command) {
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr)
        throw std::runtime_error("cannot run " + command);
    std::string output;
    char buffer[65536];
    for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;)
        output.append(buffer, n);
    if (pclose(pipe) != 0)
        throw std::runtime_error(command + " failed");
    return output;
}

std::string remove_all(std::string text, const std::string& piece) {
    for (auto at = text.find(piece); at != std::string::npos; at = text.find(piece, at))
        text.erase(at, piece.size());
    return text;
}

// `modinfo -0` ends every field with NUL, so values spanning lines (parameter descriptions,
// signatures) stay whole. It prints "key=value", except name (builtin only), filename and
// parm, which keep the "key:" column layout padded to 16. Each module it prints (an alias can
// match several) starts with filename, or with name followed by filename for a builtin.
std::vector<ModinfoOutput> parse_modinfo(const std::string& output) {
    std::vector<ModinfoOutput> modules;
    bool after_builtin_name = false;
    size_t start = 0;
    while (start < output.size()) {
        size_t end = output.find('\0', start);
        if (end == std::string::npos)
            end = output.size();
        const std::string record = output.substr(start, end - start);
        start = end + 1;
        std::string key, value;
        bool padded_form = false;
        for (const std::string padded : {"name", "filename", "parm"}) {
            const std::string prefix = padded + ":" + std::string(15 - padded.size(), ' ');
            if (record.compare(0, prefix.size(), prefix) == 0) {
                key = padded;
                value = record.substr(prefix.size());
                padded_form = true;
            }
        }
        if (key.empty()) {
            const size_t equals = record.find('=');
            if (equals == std::string::npos)
                throw std::runtime_error("unexpected modinfo output: " + record);
            key = record.substr(0, equals);
            value = record.substr(equals + 1);
        }
        const bool builtin_name = padded_form && key == "name";
        if (modules.empty() || builtin_name || (key == "filename" && !after_builtin_name))
            modules.emplace_back();
        modules.back()[key].push_back(value);
        if (!padded_form)
            modules.back()[kPrintedOrder].push_back(key);
        after_builtin_name = builtin_name;
    }
    return modules;
}

// modinfo's values of `key` in the form Info documents for them.
Strings expected_from_modinfo(const std::string& key, Strings values) {
    if (key == "sig_key" || key == "signature")
        for (auto& value : values)
            value = remove_all(value, "\n\t\t");
    if (key == "softdep")
        return {join(values, "; ")};
    if (kJoinedKeys.count(key))
        return {join(values, "\n")};
    if (key == "parm")
        // Info cannot tell an empty description from none; modinfo prints "p: (int)" for
        // the first and "p:int" for the second. Compare both as the second.
        for (auto& value : values) {
            const size_t marker = value.find(": (");
            if (marker == std::string::npos || value.find(':') != marker || value.back() != ')')
                continue;
            const std::string type = value.substr(marker + 3, value.size() - marker - 4);
            if (type.find_first_of("()") == std::string::npos)
                value = value.substr(0, marker + 1) + type;
        }
    return values;
}

// How modinfo prints a parameter (tools/modinfo.c).
std::string render(const ParameterDescription& p) {
    if (p.description.empty())
        return p.name + ":" + p.type;
    if (p.type.empty())
        return p.name + ":" + p.description;
    return p.name + ":" + p.description + " (" + p.type + ")";
}

// Info's value of `info_key`, as the strings modinfo would print for it.
Strings ours_as_modinfo(const std::string& info_key, const InfoValue& value) {
    if (const auto* text = std::get_if<std::string>(&value))
        return {*text};
    if (const auto* flag = std::get_if<bool>(&value))
        return {*flag ? "Y" : "N"};
    if (const auto* list = std::get_if<Strings>(&value))
        return info_key == "depends" ? Strings{join(*list, ",")} : *list;
    if (const auto* parameters = std::get_if<std::vector<ParameterDescription>>(&value)) {
        Strings rendered;
        for (const auto& p : *parameters)
            rendered.push_back(render(p));
        return rendered;
    }
    return {"<value of an unexpected type>"};
}

std::string modinfo_key_of(const std::string& info_key) {
    const auto renamed = kModinfoKey.find(info_key);
    return renamed == kModinfoKey.end() ? info_key : renamed->second;
}

class ModinfoComparison : public ::testing::Test {
protected:
    // Reports every difference between modinfo's output for `name` and Info.
    void compare(const std::string& name) {
        // modinfo -b B -k V reads B/lib/modules/V: the same directory string as ours.
        const fs::path dir(modules_dir_);
        const std::string base = dir.parent_path().parent_path().parent_path().string();
        const std::vector<ModinfoOutput> printed = parse_modinfo(run(
            modinfo_ + " -0 -b '" + base + "' -k '" + dir.filename().string() + "' '" + name + "'"));
        if (printed.empty()) {
            ADD_FAILURE() << name << ": modinfo printed nothing";
            return;
        }
        const ModinfoOutput& theirs = printed.front();
        const ModuleInfo ours = read_module_info(kmod_, kernel_, ModuleName::checked(name),
                                                 ConfigIndex::read(kmod_.settings().layout()));

        // Info describes the first module modinfo prints and names the others.
        Strings others;
        for (size_t i = 1; i < printed.size(); ++i) {
            const std::string& other = printed[i].at("name").front();
            if (other != theirs.at("name").front() &&
                std::find(others.begin(), others.end(), other) == others.end())
                others.push_back(other);
        }
        const auto also = ours.find("also_matches");
        const Strings ours_others = also == ours.end() ? Strings{} : std::get<Strings>(also->second);
        if (others != ours_others) {
            ADD_FAILURE() << name << ": field also_matches differs\n  modinfo: \""
                          << join(others, "\" \"") << "\"\n  ours:    \""
                          << join(ours_others, "\" \"") << "\"";
        }
        const auto order = ours.find("modinfo_keys");
        const Strings ours_order = order == ours.end() ? Strings{} : std::get<Strings>(order->second);
        const auto printed_order = theirs.find(kPrintedOrder);
        const Strings theirs_order = printed_order == theirs.end() ? Strings{} : printed_order->second;
        if (ours_order != theirs_order) {
            ADD_FAILURE() << name << ": modinfo_keys differs from modinfo's order\n  modinfo: "
                          << join(theirs_order, " ") << "\n  ours:    " << join(ours_order, " ");
        }
        for (const auto& [key, values] : theirs) {
            if (key == kPrintedOrder)
                continue;
            const auto found =
                std::find_if(ours.begin(), ours.end(), [&](const auto& entry) {
                    return !kNotModinfo.count(entry.first) && modinfo_key_of(entry.first) == key;
                });
            if (found == ours.end()) {
                ADD_FAILURE() << name << ": field " << key << " is missing; modinfo says \""
                              << join(values, "\" \"") << "\"";
                continue;
            }
            const Strings expected = expected_from_modinfo(key, values);
            const Strings actual = ours_as_modinfo(found->first, found->second);
            if (expected != actual) {
                ADD_FAILURE() << name << ": field " << key << " differs\n  modinfo: \""
                              << join(expected, "\" \"") << "\"\n  ours:    \""
                              << join(actual, "\" \"") << "\"";
            }
        }
        for (const auto& [key, value] : ours) {
            if (!kNotModinfo.count(key) && !theirs.count(modinfo_key_of(key))) {
                ADD_FAILURE() << name << ": Info has " << key << " = \""
                              << join(ours_as_modinfo(key, value), "\" \"")
                              << "\", which modinfo does not print";
            }
        }
        const bool builtin = std::get<bool>(ours.at("builtin"));
        if (builtin != (theirs.at("filename").front() == "(builtin)")) {
            ADD_FAILURE() << name << ": builtin is " << builtin << " but modinfo's filename is "
                          << theirs.at("filename").front();
        }
    }

    // Module names as written in an index file listing .ko paths (modules.dep, modules.builtin).
    std::vector<std::string> names_in(const std::string& index, size_t every) {
        std::ifstream in(fs::path(modules_dir_) / index);
        std::vector<std::string> names;
        std::string line;
        for (size_t i = 0; std::getline(in, line); ++i) {
            if (i % every != 0)
                continue;
            std::string file = fs::path(line.substr(0, line.find(':'))).filename().string();
            names.push_back(file.substr(0, file.find('.')));
        }
        return names;
    }

    const std::string modules_dir_ = test_modules_dir();
    const std::string modinfo_ = modinfo_program();
    ScratchDir config_; // empty: modinfo reads no modprobe.d either
    KmodContext kmod_{KmodSettings{modules_dir_, {config_.path()}}};
    SimulatedKernel kernel_;
};

TEST_F(ModinfoComparison, EveryTwentiethModuleOfModulesDep) {
    const auto names = names_in("modules.dep", 20);
    ASSERT_GE(names.size(), 200u);
    for (const auto& name : names)
        compare(name);
}

TEST_F(ModinfoComparison, BuiltinModules) {
    const auto names = names_in("modules.builtin", 1);
    ASSERT_GE(names.size(), 100u);
    for (const auto& name : names)
        compare(name);
}

TEST_F(ModinfoComparison, HardCases) {
    for (const char* name : {
             "e1000e",            // parameters and ~150 aliases
             "cifs", "ksmbd",     // a dozen softdeps each
             "sisfb",             // multi-line and empty parameter descriptions
             "aic94xx",           // empty parameter descriptions
             "drm",               // license repeated
             "r8192u_usb",        // six descriptions
             "snd-sof-intel-hda", // '-' in the name
             "crypto_algapi",     // builtin with a softdep
             "8250",              // builtin with parameters and an alias
             "zswap",             // builtin, parameters with a type only
             "fs-ext4",           // an alias
             "crc32",             // an alias of two modules and the name of a builtin one
             "cpu:type:x86,ven0000fam0006mod006A:feature:,0000,0001", // an alias of six
         })
        compare(name);
}

} // namespace
} // namespace modmgr
