#pragma once
// How configuration text is read, to the letter of its readers: libkmod for modprobe.d
// (which files, in which order, its line reader and statement parser) and the same file
// rules for systemd's modules-load.d. libkmod applies the configuration but cannot say which
// file a line came from; this is the one scanner modmgr uses to name it (ConfigIndex in
// config_index.h builds on it).
#include <optional>
#include <string>
#include <vector>

namespace modmgr {

// The file names libkmod reads in modprobe.d, and systemd in modules-load.d.
extern const std::vector<std::string> kModprobeSuffixes;
extern const std::vector<std::string> kModulesLoadSuffixes;

// libkmod's conf_files_filter_out() and systemd's conf_files: hidden files (which is where
// writers keep their temporary files) and names without one of `suffixes` are not
// configuration.
bool is_config_name(const std::string& name, const std::vector<std::string>& suffixes);

// The files of `paths` (directories, or single files taking part under their own name) in
// reading order: by file name, a name in an earlier path hides the same name in later ones;
// hidden files and names without one of `suffixes` are not configuration.
std::vector<std::string> config_files(const std::vector<std::string>& paths,
                                      const std::vector<std::string>& suffixes);

struct LogicalLine {
    int number = 0;   // 1-based line where it starts
    std::string text; // as libkmod reads it
};

// libkmod's line reader: a backslash before a newline continues the line; before any other
// character it escapes that character (and is dropped).
std::vector<LogicalLine> modprobe_lines(const std::string& text);
// What to write so that modprobe_lines() reads `text` back: each backslash doubled.
std::string modprobe_escaped(const std::string& text);

// What one logical line of modprobe.d says about a module, parsed as libkmod parses it.
struct ModprobeStatement {
    std::string keyword; // blacklist, options, alias, softdep, install, remove
    std::string module;  // the module it concerns ('-' written as '_'): the second word, or
                         // the third for alias (the module it points to)
    std::string rest;    // what follows the module name (options: the options string as
                         // libkmod keeps it, tabs as blanks; libkmod ignores it after
                         // blacklist and alias)
};

// Comments (a line starting with '#'), blank lines and lines libkmod rejects or does not
// know say nothing.
std::optional<ModprobeStatement> parse_modprobe_line(const std::string& text);

// systemd-modules-load's reader: each line stripped of blanks; empty lines and lines
// starting with '#' or ';' are comments. What is left is one module name (or alias) a line;
// its number is the line's.
std::vector<LogicalLine> modules_load_lines(const std::string& text);

// The words of the kernel command line: split on blanks outside double quotes, and nothing
// after a lone "--" (init's arguments).
std::vector<std::string> kernel_cmdline_words(const std::string& cmdline);

// What libkmod itself takes from the kernel command line, to the letter of its kcmdline
// parser (kmod 30): MODULE.PARAM[=VALUE] sets an option of MODULE, modprobe.blacklist=A,B
// blacklists A and B. Words end at any of " \t\n\v\f\r" outside quotes and "--" ends
// nothing; a word with a second '.' before its value, a '=' before its '.', a quote anywhere
// but in its value or around the whole word, or an unbalanced '[' sets nothing.
struct KcmdlineSetting {
    std::string word;   // as written
    std::string kind;   // "options" or "blacklist"
    std::string module; // options: '-' written as '_' (outside [...]); blacklist: as written,
                        // which libkmod compares with module names as they are
    std::string option; // options: PARAM[=VALUE] as libkmod passes it on (tabs as blanks); a
                        // word quoted whole ("m.p=a b", as bootloaders write it) has its value
                        // quoted (p="a b")
};
std::vector<KcmdlineSetting> libkmod_cmdline_settings(const std::string& cmdline);

// A whole file; "" when it does not exist (a missing file configures nothing). Throws
// ModuleError(Failed) when it exists but cannot be read: reading it as empty could make
// modmgr report, or write, the opposite of what it says.
std::string read_config_text(const std::string& path);

} // namespace modmgr
