#pragma once
// What SearchModules searches: every module of the module tree (modules.dep's and the
// builtin ones of modules.builtin) with its description (its file's, or its entry of
// modules.builtin.modinfo), and every alias pattern of modules.alias and
// modules.builtin.alias, as libkmod lists them (kmod_dump_index). Building
// it reads ~4000 module files (module_description.h), so it is built once and kept
// (module_search.h); a search of it is one linear scan of each folded text (memmem, which is
// linear in the text whatever the query), never a pattern match. Immutable once built: the
// searches share one. Memory is bounded by SearchIndexLimits (Debian's tree: ~2 MiB).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "lookup/kmod_context.h"

namespace modmgr {

struct SearchIndexLimits {
    // Debian's tree: ~4,200 modules (186 builtin) and ~26,000 aliases. Past these, the rest is
    // left out and SearchIndex::complete() says so.
    size_t max_modules = 16384;
    size_t max_aliases = 131072;
    // Bytes kept of a description (cut between characters); real ones have ~40, the longest ~200.
    size_t max_description = 512;
    // Bytes of one of libkmod's listings read (modules.alias's is 1.3 MiB); a larger one is
    // a broken tree, and the build fails.
    size_t max_listing = 16 << 20;
};

// ASCII letters in lower case, so that a search ignores case (other characters are kept as
// they are: case folding beyond ASCII would need the locale's tables); `names` also makes '-'
// '_', since the kernel and libkmod make no difference between them in names and aliases.
std::string folded(std::string_view text, bool names);

class SearchIndex {
public:
    struct Module {
        std::string name;
        std::string description; // valid UTF-8 (mended where a file's was not), "" if none
        bool builtin = false;
    };
    struct Alias {
        std::string pattern;
        uint32_t module; // index in modules()
    };

    // Of the module tree `kmod` reads (its context without configuration: the tree alone).
    // Throws ModuleError(Failed) when libkmod cannot list the tree's indexes; a module file
    // that cannot be read only leaves its description empty (unreadable() counts them).
    static SearchIndex build(KmodContext& kmod, const SearchIndexLimits& limits = {});

    // By name.
    const std::vector<Module>& modules() const { return modules_; }
    // In libkmod's order (by pattern).
    const std::vector<Alias>& aliases() const { return aliases_; }
    // The module called `name` (normalized: '_'), or modules().size().
    size_t find(std::string_view name) const;

    // Each module whose folded name contains `needle` (folded with names = true), in order,
    // and whether its name starts with it.
    void name_hits(std::string_view needle, const std::function<void(uint32_t, bool)>& hit) const;
    // Each alias whose folded pattern contains `needle` (folded with names = true), in order.
    void alias_hits(std::string_view needle, const std::function<void(uint32_t)>& hit) const;
    // Each module whose folded description contains `needle` (folded with names = false).
    void description_hits(std::string_view needle, const std::function<void(uint32_t)>& hit) const;
    // Whether module `module`'s folded name is `needle`.
    bool name_is(uint32_t module, std::string_view needle) const;

    // Module files whose description could not be read.
    size_t unreadable() const { return unreadable_; }
    // False when SearchIndexLimits left modules or aliases out.
    bool complete() const { return complete_; }
    // The bytes of text it holds, for the log.
    size_t bytes() const;

private:
    // Entries folded and joined with NULs (which no query holds), searched in one pass.
    struct FoldedTexts {
        std::string text;
        std::vector<uint32_t> starts;
        void add(std::string_view entry, bool names);
        // Each entry containing `needle`, once, in order, and whether it starts with it.
        void hits(std::string_view needle, const std::function<void(uint32_t, bool)>& hit) const;
        std::string_view entry(uint32_t index) const;
    };

    std::vector<Module> modules_;
    std::vector<Alias> aliases_;
    FoldedTexts names_;
    FoldedTexts patterns_;
    FoldedTexts descriptions_;
    size_t unreadable_ = 0;
    bool complete_ = true;
};

} // namespace modmgr
