#pragma once
// Where modprobe.d says something about a module. libkmod applies the configuration but
// cannot say which file a line came from; modmgr names the file in its errors
// ("blacklisted by /etc/modprobe.d/blacklist.conf:3") and Info.
#include <string>
#include <vector>

namespace modmgr {

struct ConfigLine {
    std::string file; // path, or "/proc/cmdline" for modprobe.blacklist= / NAME.param=
    int line = 0;     // 1-based; 0 for the kernel command line
    std::string text; // the line as written (continuations joined)
};

// Lines of the effective configuration (libkmod's rules: *.conf files, a file name in an
// earlier directory hides the same name in later ones, files read in name order) whose
// first word is `keyword` (blacklist, options, install, remove, softdep, alias) and whose
// second word names `module` ('-' and '_' are the same). For blacklist and options the
// kernel command line (modprobe.blacklist=, module.param=) is included; `cmdline` is its
// text (tests pass their own).
std::vector<ConfigLine> find_config_lines(const std::vector<std::string>& config_paths,
                                          const std::string& keyword,
                                          const std::string& module,
                                          const std::string& cmdline);

// The contents of /proc/cmdline ("" when unreadable).
std::string read_kernel_cmdline();

} // namespace modmgr
