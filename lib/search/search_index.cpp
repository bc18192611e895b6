#include "search/search_index.h"

#include <fcntl.h>
#include <libkmod.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

#include "base/module_error.h"
#include "info/modinfo_fields.h"
#include "search/module_description.h"
#include "text/utf8_text.h"

namespace modmgr {

namespace {

[[noreturn]] void failed(const std::string& what) {
    throw ModuleError(ErrorCode::Failed, "cannot index the module tree: " + what);
}

// One of libkmod's index listings: a "KEY VALUE" line per entry, "alias " before the key in
// modules.alias's; "" for an index the tree does not have. libkmod writes it to a file
// descriptor, a few bytes per write(2).
std::string listing(kmod_ctx* ctx, kmod_index index, const char* name, size_t max_size) {
    const int fd = memfd_create("modmgr-index", MFD_CLOEXEC);
    if (fd < 0)
        failed(std::string("no room for the listing of ") + name + ": " + std::strerror(errno));
    std::string text;
    const int err = kmod_dump_index(ctx, index, fd);
    struct stat st {};
    const bool examined = fstat(fd, &st) == 0;
    const size_t size = examined ? static_cast<size_t>(st.st_size) : 0;
    if (err == 0 && examined && size <= max_size) {
        text.resize(size);
        if (pread(fd, text.data(), size, 0) != static_cast<ssize_t>(size))
            text.clear();
    }
    close(fd);
    // -ENOSYS: no such index file (modules.builtin.alias.bin is new in kernel 5.2).
    if (err == -ENOSYS)
        return "";
    if (err < 0)
        failed(std::string("libkmod cannot list ") + name + ": " + std::strerror(-err));
    if (size > max_size)
        failed(std::string(name) + " lists " + std::to_string(size) + " bytes, more than " +
               std::to_string(max_size));
    if (text.size() != size)
        failed(std::string("cannot read the listing of ") + name);
    return text;
}

// Each line's key and value.
void for_each_entry(const std::string& text, const char* prefix,
                    const std::function<void(std::string_view, std::string_view)>& entry) {
    const std::string_view all(text);
    const size_t skip = std::strlen(prefix);
    for (size_t start = 0; start < all.size();) {
        size_t end = all.find('\n', start);
        if (end == std::string_view::npos)
            end = all.size();
        std::string_view line = all.substr(start, end - start);
        start = end + 1;
        if (line.substr(0, skip) == prefix)
            line.remove_prefix(skip);
        const size_t space = line.find(' ');
        if (space == 0 || line.empty())
            continue;
        if (space == std::string_view::npos)
            entry(line, "");
        else
            entry(line.substr(0, space), line.substr(space + 1));
    }
}

// A module file path from modules.dep ("kernel/drivers/net/dummy.ko: deps"), as libkmod
// makes it: relative to the modules directory.
std::string module_path(std::string_view value, const std::string& modules_dir) {
    const std::string_view path = value.substr(0, value.find(':'));
    if (!path.empty() && path.front() == '/')
        return std::string(path);
    return modules_dir + "/" + std::string(path);
}

// The descriptions of the builtin modules, from modules.builtin.modinfo ("MODULE.KEY=VALUE\0":
// what libkmod reads, but libkmod reads the whole file again, string by string, for each
// module asked about: 165,000 reads for Debian's 186), in one pass; none when the kernel
// predates the file.
std::map<std::string, std::string> builtin_descriptions(const std::string& modules_dir, size_t max_size) {
    const std::string path = modules_dir + "/modules.builtin.modinfo";
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return {};
    std::string text;
    struct stat st {};
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<size_t>(st.st_size) <= max_size) {
        text.resize(static_cast<size_t>(st.st_size));
        if (pread(fd, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size()))
            text.clear();
    }
    close(fd);
    std::map<std::string, ModinfoEntries> entries;
    for (auto& [key, value] : modinfo_entries(text.data(), text.size())) {
        const size_t dot = key.find('.');
        if (dot != std::string::npos && key.compare(dot + 1, std::string::npos, "description") == 0)
            entries[key.substr(0, dot)].emplace_back("description", std::move(value));
    }
    std::map<std::string, std::string> descriptions;
    for (const auto& [module, its] : entries)
        descriptions[module] = std::get<std::string>(modinfo_fields(its).at("description"));
    return descriptions;
}

} // namespace

std::string folded(std::string_view text, bool names) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        else if (names && c == '-')
            c = '_';
    }
    return out;
}

void SearchIndex::FoldedTexts::add(std::string_view entry, bool names) {
    starts.push_back(static_cast<uint32_t>(text.size()));
    text += folded(entry, names);
    text += '\0';
}

std::string_view SearchIndex::FoldedTexts::entry(uint32_t index) const {
    const size_t start = starts[index];
    // Each entry ends with its NUL.
    const size_t end = index + 1 < starts.size() ? starts[index + 1] - 1 : text.size() - 1;
    return std::string_view(text).substr(start, end - start);
}

void SearchIndex::FoldedTexts::hits(std::string_view needle,
                                    const std::function<void(uint32_t, bool)>& hit) const {
    if (needle.empty())
        return;
    size_t from = 0;
    while (from < text.size()) {
        const void* found = memmem(text.data() + from, text.size() - from, needle.data(), needle.size());
        if (found == nullptr)
            return;
        const size_t at = static_cast<size_t>(static_cast<const char*>(found) - text.data());
        const auto after = std::upper_bound(starts.begin(), starts.end(), static_cast<uint32_t>(at));
        const auto index = static_cast<uint32_t>(after - starts.begin() - 1);
        hit(index, at == starts[index]);
        // The next entry: one hit each.
        from = after == starts.end() ? text.size() : *after;
    }
}

SearchIndex SearchIndex::build(KmodContext& kmod, const SearchIndexLimits& limits) {
    kmod_ctx* ctx = kmod.get_without_config();
    const std::string modules_dir = kmod.modules_dir();
    SearchIndex index;

    // Name -> module file ("" for builtin ones); a map sorts them and keeps each once.
    std::map<std::string, std::string> files;
    for_each_entry(listing(ctx, KMOD_INDEX_MODULES_DEP, "modules.dep", limits.max_listing), "",
                   [&](std::string_view name, std::string_view value) {
                       files.emplace(name, module_path(value, modules_dir));
                   });
    for_each_entry(listing(ctx, KMOD_INDEX_MODULES_BUILTIN, "modules.builtin", limits.max_listing), "",
                   [&](std::string_view name, std::string_view) { files.emplace(name, ""); });
    const std::map<std::string, std::string> builtin = builtin_descriptions(modules_dir, limits.max_listing);
    for (const auto& [name, path] : files) {
        if (index.modules_.size() == limits.max_modules) {
            index.complete_ = false;
            break;
        }
        Module module{name, "", path.empty()};
        std::string description;
        if (module.builtin) {
            const auto found = builtin.find(name);
            description = found == builtin.end() ? "" : found->second;
        } else {
            try {
                description = module_file_description(path);
            } catch (const ModuleError&) {
                ++index.unreadable_;
            }
        }
        module.description = mended_utf8(description, limits.max_description);
        index.names_.add(module.name, true);
        index.descriptions_.add(module.description, false);
        index.modules_.push_back(std::move(module));
    }

    const auto add_aliases = [&](kmod_index which, const char* name, const char* prefix) {
        for_each_entry(listing(ctx, which, name, limits.max_listing), prefix,
                       [&](std::string_view pattern, std::string_view module) {
                           const size_t found = index.find(module);
                           if (found == index.modules_.size())
                               return;
                           if (index.aliases_.size() == limits.max_aliases) {
                               index.complete_ = false;
                               return;
                           }
                           index.aliases_.push_back({std::string(pattern), static_cast<uint32_t>(found)});
                           index.patterns_.add(pattern, true);
                       });
    };
    add_aliases(KMOD_INDEX_MODULES_ALIAS, "modules.alias", "alias ");
    add_aliases(KMOD_INDEX_MODULES_BUILTIN_ALIAS, "modules.builtin.alias", "");
    return index;
}

size_t SearchIndex::find(std::string_view name) const {
    const auto at = std::lower_bound(modules_.begin(), modules_.end(), name,
                                     [](const Module& m, std::string_view n) { return m.name < n; });
    if (at == modules_.end() || at->name != name)
        return modules_.size();
    return static_cast<size_t>(at - modules_.begin());
}

void SearchIndex::name_hits(std::string_view needle,
                            const std::function<void(uint32_t, bool)>& hit) const {
    names_.hits(needle, hit);
}

void SearchIndex::alias_hits(std::string_view needle, const std::function<void(uint32_t)>& hit) const {
    patterns_.hits(needle, [&](uint32_t alias, bool) { hit(alias); });
}

void SearchIndex::description_hits(std::string_view needle,
                                   const std::function<void(uint32_t)>& hit) const {
    descriptions_.hits(needle, [&](uint32_t module, bool) { hit(module); });
}

bool SearchIndex::name_is(uint32_t module, std::string_view needle) const {
    return names_.entry(module) == needle;
}

size_t SearchIndex::bytes() const {
    size_t total = names_.text.size() + patterns_.text.size() + descriptions_.text.size();
    for (const auto& module : modules_)
        total += module.name.size() + module.description.size();
    for (const auto& alias : aliases_)
        total += alias.pattern.size();
    return total;
}

} // namespace modmgr
