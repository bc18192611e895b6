#include "module_trees.h"

#include <algorithm>
#include <map>

namespace modmgr {

namespace {

std::vector<std::string> strings(const std::vector<std::string_view>* views) {
    return views ? std::vector<std::string>(views->begin(), views->end())
                 : std::vector<std::string>{};
}

// One Info call per module, however often it appears in the tree.
class InfoFacts {
public:
    explicit InfoFacts(ManagerClient& client) : client_(client) {}

    const ModuleFacts& operator()(const std::string& name) {
        if (const auto known = cache_.find(name); known != cache_.end())
            return known->second;
        const DecodedDictionary info = client_.info(name);
        const auto* canonical = find_value_as<std::string_view>(info, "name");
        const auto* loaded = find_value_as<bool>(info, "loaded");
        const auto* builtin = find_value_as<bool>(info, "builtin");
        const auto* state = find_value_as<std::string_view>(info, "state");
        ModuleFacts facts{canonical ? std::string(*canonical) : name,
                          loaded && *loaded,
                          builtin && *builtin,
                          state ? std::string(*state) : std::string(),
                          strings(find_value_as<std::vector<std::string_view>>(info, "depends"))};
        return cache_.emplace(name, std::move(facts)).first->second;
    }

private:
    ManagerClient& client_;
    std::map<std::string, ModuleFacts> cache_;
};

// The loaded modules, each with its holders and, the other way, what it uses.
class LoadedFacts {
public:
    explicit LoadedFacts(const std::vector<ModuleListEntry>& modules, bool reverse)
        : reverse_(reverse) {
        for (const auto& module : modules) {
            loaded_.emplace(module.name, &module);
            uses_[module.name];
            for (const auto& holder : module.holders)
                uses_[holder].push_back(module.name);
        }
    }

    bool knows(const std::string& name) const { return loaded_.count(name) != 0; }

    // Where a tree starts: nothing holds it (--reverse: it uses nothing).
    bool is_root(const ModuleListEntry& module) const {
        return reverse_ ? uses_.at(module.name).empty() : module.holders.empty();
    }

    ModuleFacts operator()(const std::string& name) const {
        const auto found = loaded_.find(name);
        // A holder that went between the kernel's two lines of /proc/modules.
        if (found == loaded_.end())
            return {name, false, false, {}, {}};
        const ModuleListEntry& module = *found->second;
        return {name, true, false, module.state, reverse_ ? module.holders : uses_.at(name)};
    }

private:
    bool reverse_;
    std::map<std::string, const ModuleListEntry*> loaded_;
    std::map<std::string, std::vector<std::string>> uses_;
};

} // namespace

std::vector<TreeNode> module_trees(ManagerClient& client, const std::string& module, bool reverse) {
    InfoFacts info(client);
    if (!module.empty() && !reverse)
        return {build_tree(module, [&](const std::string& name) { return info(name); })};

    // The module's own name first: it may be an alias, and an unknown one fails here.
    const std::string root = module.empty() ? std::string() : info(module).name;
    const auto modules = client.list();
    const LoadedFacts loaded(modules, reverse);
    if (!root.empty()) {
        const FactsOf facts = [&](const std::string& name) {
            if (loaded.knows(name))
                return loaded(name);
            ModuleFacts alone = info(name);
            alone.next.clear();
            return alone;
        };
        return {build_tree(root, facts)};
    }
    std::vector<TreeNode> trees;
    for (const auto& entry : modules)
        if (loaded.is_root(entry))
            trees.push_back(build_tree(entry.name, loaded));
    // By name, as the children are: /proc/modules lists the last loaded first.
    std::sort(trees.begin(), trees.end(), [](const TreeNode& a, const TreeNode& b) {
        return a.module.name < b.module.name;
    });
    return trees;
}

} // namespace modmgr
