#include "config/config_syntax.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <system_error>

#include "base/module_error.h"
#include "load/module_parameters.h"
#include "text/ends_with.h"

namespace modmgr {
namespace {

namespace fs = std::filesystem;

bool is_word_delimiter(char c) { return c == ' ' || c == '\t'; }

// libkmod's strtok_r(..., "\t ", ...): the next word from `at`, which is left after the one
// delimiter that ends the word.
std::string next_word(const std::string& text, size_t& at) {
    while (at < text.size() && is_word_delimiter(text[at]))
        ++at;
    const size_t start = at;
    while (at < text.size() && !is_word_delimiter(text[at]))
        ++at;
    const std::string word = text.substr(start, at - start);
    if (at < text.size())
        ++at;
    return word;
}

// libkmod's underscores(): '-' is '_' in module names, except inside a [...] pattern; a
// name with an unbalanced bracket is invalid.
std::optional<std::string> underscores(std::string word) {
    for (size_t i = 0; i < word.size(); ++i) {
        if (word[i] == '-') {
            word[i] = '_';
        } else if (word[i] == ']') {
            return std::nullopt;
        } else if (word[i] == '[') {
            i = word.find(']', i);
            if (i == std::string::npos)
                return std::nullopt;
        }
    }
    return word;
}

// A module name word of a modprobe.d line: there must be one (libkmod's strtok_r() gives
// NULL, which underscores() refuses), and underscores() must take it.
std::optional<std::string> libkmod_name(const std::string& word) {
    if (word.empty())
        return std::nullopt;
    return underscores(word);
}

// An options string as libkmod keeps it (kmod_config_add_options()): tabs become blanks,
// inside quotes too.
std::string libkmod_options(std::string options) {
    std::replace(options.begin(), options.end(), '\t', ' ');
    return options;
}

// What libkmod's kcmdline_parse_result() makes of one MODULE.PARAM[=VALUE] word.
void add_kcmdline_setting(const std::string& word, const std::string& module,
                          const std::string& option, std::vector<KcmdlineSetting>& settings) {
    static const std::string kBlacklist = "blacklist=";
    if (module == "modprobe" && option.compare(0, kBlacklist.size(), kBlacklist) == 0) {
        // strsep(&value, ","): every piece, empty ones too.
        size_t start = kBlacklist.size();
        for (;;) {
            const size_t comma = option.find(',', start);
            settings.push_back({word, "blacklist", option.substr(start, comma - start), ""});
            if (comma == std::string::npos)
                break;
            start = comma + 1;
        }
    } else if (const auto name = underscores(module)) {
        settings.push_back({word, "options", *name, libkmod_options(option)});
    }
}

} // namespace

const std::vector<std::string> kModprobeSuffixes{".conf", ".alias"};
const std::vector<std::string> kModulesLoadSuffixes{".conf"};

bool is_config_name(const std::string& name, const std::vector<std::string>& suffixes) {
    if (name.empty() || name[0] == '.')
        return false;
    for (const auto& suffix : suffixes)
        if (ends_with(name, suffix))
            return true;
    return false;
}

std::vector<std::string> config_files(const std::vector<std::string>& paths,
                                      const std::vector<std::string>& suffixes) {
    // Sorted by name, the first path that has a name wins, as in libkmod's
    // conf_files_insert_sorted() and systemd's conf_files_list().
    std::map<std::string, std::string> files;
    for (const auto& config_path : paths) {
        std::error_code ec;
        const fs::path path(config_path);
        if (fs::is_regular_file(path, ec)) {
            files.emplace(path.filename().string(), path.string());
            continue;
        }
        if (!fs::is_directory(path, ec))
            continue;
        for (const auto& entry : fs::directory_iterator(path, ec)) {
            const std::string name = entry.path().filename().string();
            if (is_config_name(name, suffixes) && !entry.is_directory(ec))
                files.emplace(name, entry.path().string());
        }
    }
    std::vector<std::string> ordered;
    for (const auto& [name, path] : files)
        ordered.push_back(path);
    return ordered;
}

std::vector<LogicalLine> modprobe_lines(const std::string& text) {
    std::vector<LogicalLine> lines;
    LogicalLine current{1, ""};
    int physical = 1;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') {
            lines.push_back(current);
            current = {++physical, ""};
            continue;
        }
        if (c != '\\') {
            current.text += c;
            continue;
        }
        if (i + 1 == text.size())
            break; // libkmod would append EOF's (char)-1; nothing meaningful follows
        if (text[++i] == '\n')
            ++physical;
        else
            current.text += text[i];
    }
    // At the end of the file libkmod returns a line only if it holds something.
    if (!current.text.empty())
        lines.push_back(current);
    return lines;
}

std::string modprobe_escaped(const std::string& text) {
    std::string escaped;
    for (char c : text) {
        if (c == '\\')
            escaped += '\\';
        escaped += c;
    }
    return escaped;
}

std::optional<ModprobeStatement> parse_modprobe_line(const std::string& text) {
    // Only a '#' in the first column makes a comment (an indented one is a bad line, which
    // libkmod ignores as well); a '#' later in a line is part of it.
    if (text.empty() || text[0] == '#')
        return std::nullopt;
    size_t at = 0;
    const std::string keyword = next_word(text, at);
    const bool needs_rest = keyword == "options" || keyword == "install" ||
                            keyword == "remove" || keyword == "softdep";
    if (!needs_rest && keyword != "blacklist" && keyword != "alias")
        return std::nullopt;
    if (keyword == "alias" && !libkmod_name(next_word(text, at)))
        return std::nullopt;
    const auto module = libkmod_name(next_word(text, at));
    if (!module)
        return std::nullopt;
    // libkmod takes the rest with strtok_r(NULL, "\0"): anything after the module's
    // delimiter, blanks included, but it must not be empty.
    std::string rest = at < text.size() ? text.substr(at) : std::string();
    if (needs_rest && rest.empty())
        return std::nullopt;
    if (keyword == "options")
        rest = libkmod_options(std::move(rest));
    return ModprobeStatement{keyword, *module, std::move(rest)};
}

std::vector<LogicalLine> modules_load_lines(const std::string& text) {
    std::vector<LogicalLine> lines;
    int number = 0;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        ++number;
        // systemd's strstrip(): WHITESPACE is " \t\n\r".
        const size_t first = text.find_first_not_of(" \t\r", start);
        if (first < end && text[first] != '#' && text[first] != ';') {
            const size_t last = text.find_last_not_of(" \t\r", end - 1);
            lines.push_back({number, text.substr(first, last + 1 - first)});
        }
        start = end + 1;
    }
    return lines;
}

std::vector<KcmdlineSetting> libkmod_cmdline_settings(const std::string& cmdline) {
    // kmod_config_parse_kcmdline(), state for state; it reads /proc/cmdline as a C string.
    enum class State { Ignore, ModuleName, Param, Value, Complete };
    const std::string text = cmdline.substr(0, cmdline.find('\0'));
    constexpr size_t none = std::string::npos;
    std::vector<KcmdlineSetting> settings;
    State state = State::ModuleName;
    bool quoted = false; // like libkmod's is_quoted, never reset between words
    size_t module = 0, dot = none, param = none, value = none, quote = none;
    for (size_t p = 0; p <= text.size(); ++p) {
        switch (p < text.size() ? text[p] : '\0') {
        case '"':
            quoted = !quoted;
            // Only a word's first character may open a quote outside a value: a bootloader
            // quoting the whole word ("MODULE.PARAM=a b").
            if (quoted && state == State::ModuleName && p == module) {
                quote = p;
                module = p + 1;
            } else if (state != State::Value) {
                state = State::Ignore;
            }
            break;
        case '\0':
        case ' ':
        case '\n':
        case '\t':
        case '\v':
        case '\f':
        case '\r':
            if (quoted && state == State::Value)
                break; // a blank inside a quoted value belongs to it
            if (quoted) {
                state = State::Ignore;
            } else if (state == State::Value || state == State::Param) {
                state = State::Complete;
            } else {
                module = p + 1;
                state = State::ModuleName;
                quote = none;
            }
            break;
        case '.':
            if (state == State::ModuleName) {
                dot = p;
                param = p + 1;
                state = State::Param;
            } else if (state == State::Param) {
                state = State::Ignore;
            }
            break;
        case '=':
            if (state == State::Param) {
                value = p + 1;
                state = State::Value;
            } else if (state == State::ModuleName) {
                state = State::Ignore;
            }
            break;
        }
        if (state != State::Complete)
            continue;
        // A quoted word's value is quoted again: "m.p=a b" is passed on as p="a b".
        const std::string option =
            quote == none ? text.substr(param, p - param)
                          : text.substr(param, value - param) + '"' + text.substr(value, p - value);
        const size_t start = quote == none ? module : quote;
        add_kcmdline_setting(text.substr(start, p - start), text.substr(module, dot - module),
                             option, settings);
        module = p + 1;
        state = State::ModuleName;
        quote = none;
    }
    return settings;
}

std::vector<std::string> kernel_cmdline_words(const std::string& cmdline) {
    // The kernel splits its command line like an options string (blanks outside double
    // quotes); what follows a lone "--" is init's.
    std::vector<std::string> words = split_options(cmdline);
    words.erase(std::find(words.begin(), words.end(), "--"), words.end());
    return words;
}

std::string read_config_text(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return "";
        throw ModuleError(ErrorCode::Failed, "cannot read " + path + ": " + std::strerror(errno));
    }
    std::string text;
    char buffer[8192];
    for (;;) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got == 0)
            break;
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            const int err = errno;
            ::close(fd);
            throw ModuleError(ErrorCode::Failed, "cannot read " + path + ": " + std::strerror(err));
        }
        text.append(buffer, static_cast<size_t>(got));
    }
    ::close(fd);
    return text;
}

} // namespace modmgr
