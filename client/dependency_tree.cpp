#include "dependency_tree.h"

#include <algorithm>

namespace modmgr {

namespace {

TreeNode build_below(const std::string& name, const FactsOf& facts_of,
                     std::vector<std::string>& path) {
    TreeNode node{facts_of(name), {}};
    const std::string& module = node.module.name;
    if (std::find(path.begin(), path.end(), module) != path.end())
        return node;
    path.push_back(module);
    std::vector<std::string> next = node.module.next;
    std::sort(next.begin(), next.end());
    for (const auto& child : next)
        node.children.push_back(build_below(child, facts_of, path));
    path.pop_back();
    return node;
}

class TreeWriter {
public:
    explicit TreeWriter(const TerminalStyle& style) : style_(style) {}

    // `prefix`: the glyphs of the levels above, which continue (│) or have ended (blank).
    void write(const TreeNode& node, const std::string& prefix, bool root, bool last) {
        const ModuleFacts& module = node.module;
        const bool present = module.loaded || module.builtin;
        const bool in_transition = module.loaded && !module.state.empty() && module.state != "live";
        const std::string bullet(present ? style_.glyph("●", "*") : style_.glyph("○", "o"));
        text_ += in_transition ? style_.paint(bullet, Tone::Warning)
                 : present     ? style_.paint(bullet, Tone::Active)
                               : bullet;
        text_ += " " + prefix;
        if (!root)
            text_.append(last ? style_.glyph("└─", "`-") : style_.glyph("├─", "|-"));
        text_ += module.name;
        if (module.builtin)
            text_ += " (builtin)";
        else if (in_transition)
            text_ += " (" + module.state + ")";
        text_ += "\n";
        const std::string below =
            root ? prefix : prefix + std::string(last ? "  " : style_.glyph("│ ", "| "));
        for (size_t i = 0; i < node.children.size(); ++i)
            write(node.children[i], below, false, i + 1 == node.children.size());
    }

    std::string release() { return std::move(text_); }

private:
    const TerminalStyle& style_;
    std::string text_;
};

} // namespace

TreeNode build_tree(const std::string& root, const FactsOf& facts_of) {
    std::vector<std::string> path;
    return build_below(root, facts_of, path);
}

std::string format_tree(const std::vector<TreeNode>& trees, const TerminalStyle& style) {
    TreeWriter writer(style);
    for (const auto& tree : trees)
        writer.write(tree, "", true, true);
    return writer.release();
}

} // namespace modmgr
