#include "dependency_tree.h"

#include <map>

#include <gtest/gtest.h>

namespace modmgr {
namespace {

// A given graph: each module's facts, its `next` being the edges.
FactsOf graph(std::map<std::string, ModuleFacts> modules, int* asked = nullptr) {
    return [modules, asked](const std::string& name) {
        if (asked)
            ++*asked;
        auto facts = modules.at(name);
        facts.name = name;
        return facts;
    };
}

const TerminalStyle kUtf8(false, true);
const TerminalStyle kAscii(false, false);

TEST(DependencyTree, DrawsSystemctlsGlyphsWithChildrenSortedByName) {
    const auto facts = graph({
        {"vxlan", {"", true, false, "live", {"udp_tunnel", "ip6_udp_tunnel"}}},
        {"udp_tunnel", {"", true, false, "live", {"libcrc"}}},
        {"ip6_udp_tunnel", {"", false, false, "", {"ipv6"}}},
        {"libcrc", {"", true, false, "live", {}}},
        {"ipv6", {"", false, true, "", {}}},
    });
    EXPECT_EQ(format_tree({build_tree("vxlan", facts)}, kUtf8),
              "● vxlan\n"
              "○ ├─ip6_udp_tunnel\n"
              "● │ └─ipv6 (builtin)\n"
              "● └─udp_tunnel\n"
              "●   └─libcrc\n");
    EXPECT_EQ(format_tree({build_tree("vxlan", facts)}, kAscii),
              "* vxlan\n"
              "o |-ip6_udp_tunnel\n"
              "* | `-ipv6 (builtin)\n"
              "* `-udp_tunnel\n"
              "*   `-libcrc\n");
}

TEST(DependencyTree, SeveralRootsAndAModuleInTransition) {
    const auto facts = graph({
        {"a", {"", true, false, "live", {}}},
        {"b", {"", true, false, "going", {}}},
    });
    EXPECT_EQ(format_tree({build_tree("a", facts), build_tree("b", facts)}, kUtf8),
              "● a\n"
              "● b (going)\n");
}

TEST(DependencyTree, TheAnswersNameTheModule) {
    // An alias asked for is shown as the module it stands for.
    const FactsOf facts = [](const std::string&) {
        return ModuleFacts{"vxlan", false, false, "", {}};
    };
    EXPECT_EQ(build_tree("rtnl-link-vxlan", facts).module.name, "vxlan");
}

TEST(DependencyTree, ACycleEndsWhereItComesBack) {
    int asked = 0;
    const auto facts = graph({
        {"a", {"", true, false, "live", {"b"}}},
        {"b", {"", true, false, "live", {"a"}}},
    }, &asked);
    EXPECT_EQ(format_tree({build_tree("a", facts)}, kUtf8),
              "● a\n"
              "● └─b\n"
              "●   └─a\n");
    EXPECT_EQ(asked, 3);
}

TEST(DependencyTree, ASharedDependencyAppearsUnderEachUser) {
    const auto facts = graph({
        {"top", {"", true, false, "live", {"x", "y"}}},
        {"x", {"", true, false, "live", {"base"}}},
        {"y", {"", true, false, "live", {"base"}}},
        {"base", {"", true, false, "live", {}}},
    });
    EXPECT_EQ(format_tree({build_tree("top", facts)}, kUtf8),
              "● top\n"
              "● ├─x\n"
              "● │ └─base\n"
              "● └─y\n"
              "●   └─base\n");
}

TEST(DependencyTree, OnATerminalTheMarkIsColoured) {
    const TerminalStyle colour(true, true);
    const auto facts = graph({
        {"a", {"", true, false, "live", {"b", "c"}}},
        {"b", {"", false, false, "", {}}},
        {"c", {"", true, false, "coming", {}}},
    });
    EXPECT_EQ(format_tree({build_tree("a", facts)}, colour),
              "\x1b[1;32m●\x1b[0m a\n"
              "○ ├─b\n"
              "\x1b[1;33m●\x1b[0m └─c (coming)\n");
}

} // namespace
} // namespace modmgr
