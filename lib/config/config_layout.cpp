#include "config/config_layout.h"

namespace modmgr {

namespace {

// kmod 30's built-in search list (what kmod_new() uses for NULL config paths).
const char* const kModprobeDirs[] = {"/etc/modprobe.d", "/run/modprobe.d",
                                     "/usr/local/lib/modprobe.d", "/lib/modprobe.d"};
// systemd's conf_files order for modules-load.d; /lib is read on split-/usr systems and is
// the same directory as /usr/lib on merged ones (the same name is then read only once).
const char* const kModulesLoadDirs[] = {"/etc/modules-load.d", "/run/modules-load.d",
                                        "/usr/local/lib/modules-load.d",
                                        "/usr/lib/modules-load.d", "/lib/modules-load.d"};

} // namespace

ConfigLayout ConfigLayout::under(const std::string& root,
                                 const std::vector<std::string>& modprobe_paths) {
    const std::string prefix = root == "/" ? std::string() : root;
    ConfigLayout layout;
    if (modprobe_paths.empty()) {
        for (const char* dir : kModprobeDirs)
            layout.modprobe_paths.push_back(prefix + dir);
    } else {
        layout.modprobe_paths = modprobe_paths;
    }
    for (const char* dir : kModulesLoadDirs)
        layout.modules_load_paths.push_back(prefix + dir);
    layout.kernel_cmdline = prefix + "/proc/cmdline";
    layout.owned_modprobe_file = prefix + "/etc/modprobe.d/zz-modmgr.conf";
    layout.owned_modules_load_file = prefix + "/etc/modules-load.d/zz-modmgr.conf";
    return layout;
}

} // namespace modmgr
