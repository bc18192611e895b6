#include "search/module_search.h"

#include <fnmatch.h>
#include <libkmod.h>

#include <chrono>

#include "base/module_error.h"
#include "lookup/kmod_module_ptr.h"
#include "lookup/module_resolution.h"
#include "wire_contract.h"

namespace modmgr {

namespace {

// The ways a module matches, best first: the order of the answer.
enum Rank : uint8_t { kExactName, kNamePrefix, kNameSubstring, kAlias, kDescription, kNoMatch };

const char* match_of(Rank rank) {
    switch (rank) {
    case kAlias:
        return wire::search_match::kAlias;
    case kDescription:
        return wire::search_match::kDescription;
    default:
        return wire::search_match::kName;
    }
}

// The index files libkmod lists for the index: depmod writes them all whenever the tree changes.
const char* const kIndexFiles[] = {"modules.dep.bin", "modules.alias.bin", "modules.builtin.bin",
                                   "modules.builtin.alias.bin", "modules.builtin.modinfo"};

// The modules libkmod resolves `query` to, as modinfo does (the tree's indexes alone), when
// it has the shape of a name or alias at all. No match, or a lookup libkmod cannot make, is
// none: the scans answer for the query anyway.
std::vector<std::string> resolved_modules(KmodContext& kmod, const SearchQuery& query) {
    try {
        ModuleName::checked(query.str());
    } catch (const ModuleError&) {
        return {};
    }
    kmod_list* found = nullptr;
    if (kmod_module_new_from_lookup(kmod.get_without_config(), query.str().c_str(), &found) < 0)
        return {};
    std::vector<std::string> names;
    for (const auto& module : take_module_list(found))
        names.emplace_back(kmod_module_get_name(module.get()));
    return names;
}

// The first alias pattern of `module` that `query` fits (as libkmod fits an alias: '-' as
// '_'), else the query itself.
std::string fitting_pattern(const SearchIndex& index, uint32_t module, const std::string& query) {
    const std::string name = normalize_module_name(query);
    for (const auto& alias : index.aliases())
        if (alias.module == module && fnmatch(alias.pattern.c_str(), name.c_str(), 0) == 0)
            return alias.pattern;
    return query;
}

} // namespace

SearchResult search_index(const SearchIndex& index, const SearchQuery& query,
                          const std::vector<std::string>& resolved) {
    const auto& modules = index.modules();
    std::vector<Rank> best(modules.size(), kNoMatch);
    std::vector<std::string> matched_alias(modules.size());
    const auto better = [&](uint32_t module, Rank rank) {
        if (rank >= best[module])
            return false;
        best[module] = rank;
        return true;
    };

    const std::string as_name = folded(query.str(), true);
    index.name_hits(as_name, [&](uint32_t module, bool at_start) {
        better(module, index.name_is(module, as_name) ? kExactName
                       : at_start                     ? kNamePrefix
                                                      : kNameSubstring);
    });
    index.alias_hits(as_name, [&](uint32_t alias) {
        const auto& found = index.aliases()[alias];
        if (better(found.module, kAlias))
            matched_alias[found.module] = found.pattern;
    });
    for (const auto& name : resolved) {
        const size_t module = index.find(name);
        if (module < modules.size() && better(static_cast<uint32_t>(module), kAlias))
            matched_alias[module] = fitting_pattern(index, static_cast<uint32_t>(module), query.str());
    }
    index.description_hits(folded(query.str(), false),
                           [&](uint32_t module) { better(module, kDescription); });

    SearchResult result;
    for (Rank rank : {kExactName, kNamePrefix, kNameSubstring, kAlias, kDescription})
        for (uint32_t module = 0; module < modules.size(); ++module) {
            if (best[module] != rank)
                continue;
            if (result.matches.size() == wire::kMaxSearchMatches) {
                result.truncated = true;
                return result;
            }
            const auto& found = modules[module];
            const std::string text = rank == kAlias         ? matched_alias[module]
                                     : rank == kDescription ? found.description
                                                            : "";
            result.matches.push_back({found.name, match_of(rank), text, found.description, found.builtin});
        }
    return result;
}

ModuleSearch::ModuleSearch(SearchIndexLimits limits, std::function<void(const SearchIndexBuilt&)> built)
    : limits_(limits), built_(std::move(built)) {}

std::shared_ptr<const SearchIndex> ModuleSearch::current_index(KmodContext& kmod) {
    const std::string modules_dir = kmod.modules_dir();
    // Held through a build: a second search waits for the index the first is building
    // rather than building another.
    std::lock_guard<std::mutex> lock(mutex_);
    if ((index_ || failure_) && modules_dir == modules_dir_ && stamp_.current()) {
        if (failure_)
            throw *failure_;
        return index_;
    }
    const auto start = std::chrono::steady_clock::now();
    ConfigStamp stamp;
    for (const char* file : kIndexFiles)
        stamp.add(modules_dir + "/" + file); // before reading: a change meanwhile builds again
    modules_dir_ = modules_dir;
    stamp_ = std::move(stamp);
    ++builds_;
    index_.reset();
    failure_.reset();
    try {
        index_ = std::make_shared<const SearchIndex>(SearchIndex::build(kmod, limits_));
    } catch (const ModuleError& e) {
        failure_ = e;
        throw;
    }
    const std::shared_ptr<const SearchIndex> index = index_;
    if (built_)
        built_({index->modules().size(), index->aliases().size(), index->unreadable(),
                index->bytes(), index->complete(),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()});
    return index;
}

SearchResult ModuleSearch::search(KmodContext& kmod, const SearchQuery& query) {
    const std::shared_ptr<const SearchIndex> index = current_index(kmod);
    return search_index(*index, query, resolved_modules(kmod, query));
}

uint64_t ModuleSearch::builds() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return builds_;
}

} // namespace modmgr
