#pragma once
// What modmgrd manages, and the text of the two files it owns (ConfigLayout::owned_*): the
// modprobe.d file holds its blacklist, mask and options lines, the modules-load.d file the names
// it loads at boot. Each file starts with a header saying so. Parsing accepts what
// rendering writes, comments and blank lines, and what an administrator may write there
// by hand in the same form; anything else is an error, so that modmgrd never rewrites (and
// so destroys) a line it does not understand.
#include <map>
#include <set>
#include <string>
#include <vector>

namespace modmgr {

struct OwnedFiles {
    // Module names, '-' written as '_'.
    std::set<std::string> blacklisted;
    // Masked modules (masks.h): each has a blacklist line (an alias then never resolves to
    // it) and `install NAME /bin/false` (every other load fails), whether or not it is in
    // `blacklisted` too.
    std::set<std::string> masked;
    // Module -> its parameters as a caller gives them to Load ("key" or "key=value",
    // unquoted), valid by validate_parameters().
    std::map<std::string, std::vector<std::string>> options;
    std::set<std::string> load_at_boot;

    bool operator==(const OwnedFiles& o) const {
        return blacklisted == o.blacklisted && masked == o.masked && options == o.options &&
               load_at_boot == o.load_at_boot;
    }
    bool operator!=(const OwnedFiles& o) const { return !(*this == o); }
};

// The modprobe.d file: the header, then by module name its blacklist line, its mask's install
// line and its options line. "" when it manages none of them (the file is removed then). Names and parameters are
// checked again here (ModuleError InvalidArgument), so that nothing rendered can ever add
// a line of its own.
std::string render_modprobe_file(const OwnedFiles& config);
// The modules-load.d file: the header, then the names in order. "" when there are none.
// Names are checked like the above.
std::string render_modules_load_file(const OwnedFiles& config);

// The blacklisted, masked and options parts from the modprobe.d file's `text` (`path` names it in
// errors). Throws ModuleError(Failed) naming path:line for a line modmgrd would not write.
OwnedFiles parse_modprobe_file(const std::string& text, const std::string& path);
// The load_at_boot part from the modules-load.d file's `text`; errors like the above.
OwnedFiles parse_modules_load_file(const std::string& text, const std::string& path);

} // namespace modmgr
