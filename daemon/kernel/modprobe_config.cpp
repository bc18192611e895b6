#include "modprobe_config.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

namespace modmgr {
namespace {

namespace fs = std::filesystem;

std::string normalized(std::string name) {
    for (char& c : name)
        if (c == '-')
            c = '_';
    return name;
}

bool ends_with(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// libkmod's conf_files_filter_out(): hidden files and names not ending in .conf/.alias are
// not configuration.
bool is_config_name(const std::string& name) {
    return !name.empty() && name[0] != '.' && (ends_with(name, ".conf") || ends_with(name, ".alias"));
}

// File name -> path, in the order libkmod reads them: by name, the first directory that
// has a name hides it in the later ones. A path that is a file takes part under its
// basename.
std::map<std::string, fs::path> effective_files(const std::vector<std::string>& config_paths) {
    std::map<std::string, fs::path> files;
    for (const auto& config_path : config_paths) {
        std::error_code ec;
        const fs::path path(config_path);
        if (fs::is_regular_file(path, ec)) {
            files.emplace(path.filename().string(), path);
            continue;
        }
        if (!fs::is_directory(path, ec))
            continue;
        for (const auto& entry : fs::directory_iterator(path, ec)) {
            const std::string name = entry.path().filename().string();
            if (is_config_name(name) && !entry.is_directory(ec))
                files.emplace(name, entry.path());
        }
    }
    return files;
}

std::vector<std::string> words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> result;
    for (std::string word; in >> word;)
        result.push_back(word);
    return result;
}

// One file's lines with `keyword` for `module`; a trailing backslash continues a line, as
// in libkmod, and the line number is where the logical line starts.
void scan_file(const fs::path& path, const std::string& keyword, const std::string& module,
               std::vector<ConfigLine>& found) {
    std::ifstream in(path);
    std::string physical;
    std::string logical;
    int number = 0;
    int start = 0;
    while (std::getline(in, physical)) {
        ++number;
        if (logical.empty())
            start = number;
        if (!physical.empty() && physical.back() == '\\') {
            physical.pop_back();
            logical += physical;
            continue;
        }
        logical += physical;
        if (!logical.empty() && logical[0] != '#') {
            const auto w = words(logical);
            if (w.size() >= 2 && w[0] == keyword && normalized(w[1]) == module)
                found.push_back({path.string(), start, logical});
        }
        logical.clear();
    }
}

// The kernel command line's words, split on blanks outside double quotes; init's
// arguments after "--" are not module options.
std::vector<std::string> cmdline_words(const std::string& cmdline) {
    std::vector<std::string> result;
    std::string current;
    bool quoted = false;
    for (char c : cmdline) {
        if (c == '"')
            quoted = !quoted;
        if ((c == ' ' || c == '\t' || c == '\n') && !quoted) {
            if (current == "--")
                return result;
            if (!current.empty())
                result.push_back(current);
            current.clear();
            continue;
        }
        current += c;
    }
    if (!current.empty() && current != "--")
        result.push_back(current);
    return result;
}

bool cmdline_blacklists(const std::string& word, const std::string& module) {
    const std::string prefix = "modprobe.blacklist=";
    if (word.compare(0, prefix.size(), prefix) != 0)
        return false;
    std::istringstream list(word.substr(prefix.size()));
    for (std::string entry; std::getline(list, entry, ',');)
        if (normalized(entry) == module)
            return true;
    return false;
}

// "module.param[=value]": libkmod's kcmdline parser takes the text before the first '.'
// as the module when that '.' comes before any '='.
bool cmdline_sets_option(const std::string& word, const std::string& module) {
    const size_t dot = word.find('.');
    if (dot == std::string::npos || dot == 0 || dot > word.find('='))
        return false;
    const std::string owner = normalized(word.substr(0, dot));
    return owner != "modprobe" && owner == module;
}

void scan_cmdline(const std::string& cmdline, const std::string& keyword, const std::string& module,
                  std::vector<ConfigLine>& found) {
    if (keyword != "blacklist" && keyword != "options")
        return;
    for (const auto& word : cmdline_words(cmdline)) {
        const bool matches = keyword == "blacklist" ? cmdline_blacklists(word, module)
                                                    : cmdline_sets_option(word, module);
        if (matches)
            found.push_back({"/proc/cmdline", 0, word});
    }
}

} // namespace

std::vector<ConfigLine> find_config_lines(const std::vector<std::string>& config_paths,
                                          const std::string& keyword,
                                          const std::string& module,
                                          const std::string& cmdline) {
    const std::string wanted = normalized(module);
    std::vector<ConfigLine> found;
    for (const auto& [name, path] : effective_files(config_paths))
        scan_file(path, keyword, wanted, found);
    scan_cmdline(cmdline, keyword, wanted, found);
    return found;
}

std::string read_kernel_cmdline() {
    std::ifstream in("/proc/cmdline");
    std::string text;
    std::getline(in, text);
    return text;
}

} // namespace modmgr
