#pragma once
// `modctl tree`: modules and what they depend on (or what holds them) as a tree, as
// `systemctl list-dependencies` draws units:
//   ● vxlan
//   ● ├─ip6_udp_tunnel
//   ● └─udp_tunnel
// "●" marks a module that is loaded or builtin, "○" one that is not; "(builtin)", "(coming)" and
// "(going)" follow the name where they hold. Outside a UTF-8 locale the glyphs are ASCII ("*",
// "o", "|-", "`-", "| "). Children are sorted by name.
#include <functional>
#include <string>
#include <vector>

#include "terminal_style.h"

namespace modmgr {

// What the tree shows of one module, and the modules below it.
struct ModuleFacts {
    std::string name; // as the daemon names it (an alias asked for becomes the module)
    bool loaded = false;
    bool builtin = false;
    std::string state; // live, coming or going when loaded; else empty
    std::vector<std::string> next; // its dependencies, or its holders for --reverse
};

struct TreeNode {
    ModuleFacts module;
    std::vector<TreeNode> children;
};

using FactsOf = std::function<ModuleFacts(const std::string& name)>;

// The tree from `root` down, asking `facts_of` once per module and path. A module already on
// the path from the root (a cycle, which neither modules.dep nor the kernel allows, but the
// answers come from elsewhere) is shown again without its children, so the tree always ends.
TreeNode build_tree(const std::string& root, const FactsOf& facts_of);

std::string format_tree(const std::vector<TreeNode>& trees, const TerminalStyle& style);

} // namespace modmgr
