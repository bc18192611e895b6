// ConfigIndex against libkmod itself: a modprobe.d file and a kernel command line (the input,
// split at its first NUL), read by both. What ConfigIndex says libkmod applies - blacklist,
// options, alias, install, remove per module - must be what libkmod's own configuration
// holds. libkmod reads /proc/cmdline and nothing else, so the target runs in a mount
// namespace of its own with a scratch file bound over it: it needs root.
#include <libkmod.h>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include "config/config_index.h"
#include "config/config_layout.h"
#include "fuzz_check.h"
#include "load/module_parameters.h"
#include "lookup/module_resolution.h"

using namespace modmgr;

namespace {

using Strings = std::vector<std::string>;

// The kernel's COMMAND_LINE_SIZE on x86, terminating NUL included.
constexpr size_t kMaxCmdline = 2047;

// A configuration root whose proc/cmdline is also this process's /proc/cmdline.
struct ScratchRoot {
    std::string path;
    ScratchRoot() {
        const char* tmp = std::getenv("TMPDIR");
        path = std::string(tmp && *tmp ? tmp : "/tmp") + "/module_configuration_fuzz.XXXXXX";
        FUZZ_CHECK(mkdtemp(path.data()) != nullptr);
        std::filesystem::create_directories(path + "/etc/modprobe.d");
        std::filesystem::create_directories(path + "/proc");
        std::ofstream(path + "/proc/cmdline").flush();
        if (unshare(CLONE_NEWNS) != 0 || mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
            mount((path + "/proc/cmdline").c_str(), "/proc/cmdline", nullptr, MS_BIND, nullptr) != 0) {
            std::fprintf(stderr, "module_configuration: needs root, for a mount namespace of its own "
                                 "with /proc/cmdline replaced: %s\n", std::strerror(errno));
            std::abort();
        }
        // libkmod reports every line it ignores on stderr; ignoring them is what is compared.
        setenv("KMOD_LOG", "0", 1);
    }
    // The bound file is a mount point until unmounted: it could not be removed.
    ~ScratchRoot() {
        umount2("/proc/cmdline", MNT_DETACH);
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
};

void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

// One kind of libkmod's configuration: (key, value) in libkmod's order.
using Entries = std::vector<std::pair<std::string, std::string>>;
Entries entries_of(kmod_config_iter* iter) {
    Entries entries;
    while (kmod_config_iter_next(iter)) {
        const char* value = kmod_config_iter_get_value(iter);
        entries.emplace_back(kmod_config_iter_get_key(iter), value ? value : "");
    }
    kmod_config_iter_free_iter(iter);
    return entries;
}

struct Libkmod {
    Entries blacklists, options, aliases, installs, removes;
};

Libkmod libkmod_configuration(const std::string& root) {
    const std::string modprobe_d = root + "/etc/modprobe.d";
    const char* const paths[] = {modprobe_d.c_str(), nullptr};
    kmod_ctx* ctx = kmod_new((root + "/no-modules").c_str(), paths);
    FUZZ_CHECK(ctx != nullptr);
    Libkmod kmod{entries_of(kmod_config_get_blacklists(ctx)), entries_of(kmod_config_get_options(ctx)),
                 entries_of(kmod_config_get_aliases(ctx)), entries_of(kmod_config_get_install_commands(ctx)),
                 entries_of(kmod_config_get_remove_commands(ctx))};
    kmod_unref(ctx);
    return kmod;
}

// Whether ConfigIndex took `source` from what libkmod reads: modprobe.d, and the command
// line's modprobe.blacklist= and NAME.param= (module_blacklist= is the kernel's,
// modules_load= systemd's).
bool libkmods(const ConfigSource& source) {
    if (source.line != 0)
        return true;
    return source.kind == "options" || source.text.rfind("modprobe.blacklist=", 0) == 0;
}

std::string shown(const Strings& strings) {
    std::string text;
    for (const auto& s : strings)
        text += " [" + s + "]";
    return text;
}

void expect_same(const std::string& module, const std::string& what, const Strings& ours,
                 const Strings& libkmod) {
    if (ours == libkmod)
        return;
    std::fprintf(stderr, "module '%s', %s: ConfigIndex%s\n  libkmod%s\n", module.c_str(),
                 what.c_str(), shown(ours).c_str(), shown(libkmod).c_str());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    const size_t split = input.find('\0');
    const std::string modprobe_text = input.substr(0, split);
    // /proc/cmdline is a C string of bounded length.
    const std::string cmdline =
        split == std::string::npos ? "" : input.substr(split + 1, input.find('\0', split + 1) - split - 1);
    // libkmod keeps the (char)EOF a final backslash escapes; ConfigIndex, deliberately, not.
    if (cmdline.size() > kMaxCmdline || (!modprobe_text.empty() && modprobe_text.back() == '\\'))
        return 0;

    static const ScratchRoot root;
    write_file(root.path + "/etc/modprobe.d/fuzz.conf", modprobe_text);
    write_file(root.path + "/proc/cmdline", cmdline);
    const ConfigIndex index = ConfigIndex::read(ConfigLayout::under(root.path));
    const Libkmod kmod = libkmod_configuration(root.path);

    // Per module (as ConfigIndex names them): what libkmod holds, by kind.
    std::map<std::string, std::map<std::string, Strings>> theirs;
    std::set<std::string> blacklisted_by_libkmod;
    for (const auto& [name, unused] : kmod.blacklists) {
        // libkmod compares a blacklist entry with the module's name as it is.
        blacklisted_by_libkmod.insert(name);
        theirs[normalize_module_name(name)];
    }
    for (const auto& [module, options] : kmod.options)
        for (auto& option : split_options(options))
            theirs[normalize_module_name(module)]["options"].push_back(option);
    for (const auto& [alias, module] : kmod.aliases)
        theirs[normalize_module_name(module)]["alias"].push_back(alias);
    for (const auto& [module, command] : kmod.installs)
        theirs[normalize_module_name(module)]["install"].push_back(command);
    for (const auto& [module, command] : kmod.removes)
        theirs[normalize_module_name(module)]["remove"].push_back(command);

    std::set<std::string> modules = index.changed_modules(ConfigIndex{});
    for (const auto& [module, unused] : theirs)
        modules.insert(module);
    for (const auto& module : modules) {
        // A name with [...] is a pattern, no module's name (libkmod keeps its '-', which
        // ConfigIndex::of() would take for '_').
        if (module.find('[') != std::string::npos)
            continue;
        const ModuleConfiguration configuration = index.of(module);
        std::map<std::string, size_t> ours_count;
        bool ours_blacklisted = false;
        for (const auto& source : configuration.sources) {
            if (!libkmods(source))
                continue;
            // A mask is an install line to libkmod.
            ++ours_count[source.kind == "mask" ? "install" : source.kind];
            ours_blacklisted = ours_blacklisted || source.kind == "blacklist";
        }
        const bool libkmod_blacklisted = blacklisted_by_libkmod.count(module) != 0;
        if (ours_blacklisted != libkmod_blacklisted) {
            std::fprintf(stderr, "module '%s': ConfigIndex says %sblacklisted, libkmod %s\n",
                         module.c_str(), ours_blacklisted ? "" : "not ",
                         libkmod_blacklisted ? "blacklists it" : "does not");
            std::abort();
        }
        auto& libkmod = theirs[module];
        expect_same(module, "options", configuration.options, libkmod["options"]);
        for (const char* kind : {"alias", "install", "remove"})
            FUZZ_CHECK(ours_count[kind] == libkmod[kind].size());
    }
    return 0;
}
