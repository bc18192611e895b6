#pragma once
// SearchModules: the module tree of the running kernel searched by name, alias and
// description, loaded or not. No D-Bus here.
//
// A query is text, searched for as it is written: a substring, ignoring the case of ASCII
// letters, '-' and '_' the same in names and aliases (folded(), search_index.h); no
// character is special (no glob, no regex). Each module matches once, by the first of these
// that holds, in this order (the order of the answer; by name within each):
//   name        its name is the query,
//   name        its name starts with the query,
//   name        its name contains the query,
//   alias       an alias pattern of it contains the query, or libkmod resolves the query (a
//               concrete modalias such as "pci:v00008086d000010D3sv...", when it has a
//               module name's shape) to it as modinfo would, without modprobe.d;
//               matched_text is the pattern (the first, in libkmod's order, that contains
//               the query or that the resolved query fits), else the query,
//   description its description contains the query; matched_text is the description.
// At most wire::kMaxSearchMatches matches; truncated says more matched.
//
// The index (search_index.h) is built once, by the first search, and kept while the stamp of
// the tree's index files (config_stamp.h: modules.dep.bin and the others libkmod lists) is
// current: depmod rewrites them whenever the tree changes. A caller cannot make it build
// again, nor make a failed build run again (its error is the answer until the tree changes);
// concurrent searches share one index and one build. A search is one stat per index file, the
// linear scans and one libkmod lookup.
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/input_validation.h"
#include "base/module_error.h"
#include "config/config_stamp.h"
#include "lookup/kmod_context.h"
#include "search/search_index.h"

namespace modmgr {

struct SearchMatch {
    std::string name;
    std::string match;        // wire::search_match: "name", "alias" or "description"
    std::string matched_text; // the alias pattern or the description; "" for a name
    std::string description;  // "" when the module declares none
    bool builtin = false;
    bool operator==(const SearchMatch& o) const {
        return name == o.name && match == o.match && matched_text == o.matched_text &&
               description == o.description && builtin == o.builtin;
    }
};

struct SearchResult {
    std::vector<SearchMatch> matches;
    bool truncated = false;
};

// One build of the index, for the log.
struct SearchIndexBuilt {
    size_t modules = 0;
    size_t aliases = 0;
    size_t unreadable = 0;
    size_t bytes = 0;
    bool complete = true;
    double seconds = 0;
};

// `query` searched in `index`; `resolved` are the modules libkmod resolves it to (by name).
SearchResult search_index(const SearchIndex& index, const SearchQuery& query,
                          const std::vector<std::string>& resolved);

// Thread-safe: workers may share one, each searching with its own libkmod context (modmgrd
// searches on one worker, so that a build never holds more than that thread).
class ModuleSearch {
public:
    // `built` (may be empty) is told of each build, on the thread that built.
    explicit ModuleSearch(SearchIndexLimits limits = {},
                          std::function<void(const SearchIndexBuilt&)> built = {});

    // Throws ModuleError(Failed) when the index cannot be built.
    SearchResult search(KmodContext& kmod, const SearchQuery& query);

    // How many times the index was built.
    uint64_t builds() const;

private:
    std::shared_ptr<const SearchIndex> current_index(KmodContext& kmod);

    const SearchIndexLimits limits_;
    const std::function<void(const SearchIndexBuilt&)> built_;
    mutable std::mutex mutex_;
    std::shared_ptr<const SearchIndex> index_;
    // Why the build for stamp_ failed, when it did.
    std::optional<ModuleError> failure_;
    std::string modules_dir_;
    ConfigStamp stamp_;
    uint64_t builds_ = 0;
};

} // namespace modmgr
