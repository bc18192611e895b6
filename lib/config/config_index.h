#pragma once
// The effective persistent configuration of modules, with where each piece comes from:
// modprobe.d (blacklist, options, alias, softdep, install, remove), modules-load.d (load at
// boot) and the kernel command line. Read-only; config_editor.h changes it.
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "config/config_layout.h"
#include "config/config_stamp.h"

namespace modmgr {

// One line of configuration that concerns a module.
struct ConfigSource {
    // "blacklist", "options", "alias", "softdep", "install", "remove" (modprobe.d and
    // the kernel command line), "mask" (an install line whose command is a mask: masks.h)
    // or "load" (modules-load.d, modules_load=).
    std::string kind;
    std::string file; // path as read, or the layout's kernel_cmdline path
    int line = 0;     // 1-based; 0 for the kernel command line
    std::string text; // the logical line as written (continuations joined) or the cmdline word
    bool managed = false; // file is one of the two modmgrd owns
    bool operator==(const ConfigSource& o) const {
        return kind == o.kind && file == o.file && line == o.line && text == o.text &&
               managed == o.managed;
    }
};

struct ModuleConfiguration {
    std::string name;                 // normalized: '-' written as '_'
    bool blacklisted = false;         // any blacklist source
    bool masked = false;              // any mask source
    std::vector<std::string> options; // every options source in libkmod's order, split
                                      // like Info's "options" (quotes kept)
    bool load_at_boot = false;        // any load source
    std::vector<ConfigSource> sources; // modprobe.d sources in libkmod's reading order,
                                       // then modules-load.d, then the command line
};

// The parameters an options source sets, split like ModuleConfiguration::options ("param=v"
// for a NAME.param=v word of the kernel command line, as libkmod passes it on); none for
// other kinds.
std::vector<std::string> options_of(const ConfigSource& source);
// Where a source is, for messages: "FILE:LINE", or "the kernel command line (WORD)".
std::string place_of(const ConfigSource& source);

// Every configuration line of the system, indexed by the module it concerns ('-' and '_'
// the same): blacklist/options/softdep/install/remove by their second word, alias by its
// third (the module it points to), modules-load.d lines by the name they list.
class ConfigIndex {
public:
    static ConfigIndex read(const ConfigLayout& layout);

    ModuleConfiguration of(const std::string& module) const;
    // The text of one of the layout's two owned files as this reading found it ("" when
    // absent), so that a change starts from the same reading its checks used.
    const std::string& owned_text(const std::string& path) const;
    // Modules whose sources differ between the two indexes.
    std::set<std::string> changed_modules(const ConfigIndex& other) const;
    // What this reading read: while it is current, a new reading would find the same.
    const ConfigStamp& stamp() const { return stamp_; }
    // Every line this reading indexed with the module it concerns, in the order it was read:
    // modprobe.d in libkmod's reading order, then modules-load.d, then the kernel command
    // line. Stops when `visit` returns false.
    void for_each_in_order(
        const std::function<bool(const std::string& module, const ConfigSource&)>& visit) const;

private:
    std::map<std::string, std::vector<ConfigSource>> sources_;
    // Reading order: each line as its module and its place in that module's sources_.
    std::vector<std::pair<std::string, size_t>> order_;
    std::map<std::string, std::string> owned_texts_;
    ConfigStamp stamp_;
};

} // namespace modmgr
