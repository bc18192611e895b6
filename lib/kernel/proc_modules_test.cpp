#include "kernel/proc_modules.h"

#include <gtest/gtest.h>

namespace modmgr {
namespace {

using Names = std::vector<std::string>;

// Captured from a Debian 12 machine (addresses are zero for non-root readers).
const char* const kProcModules =
    "vxlan 106496 0 - Live 0x0000000000000000\n"
    "ip6_udp_tunnel 16384 1 vxlan, Live 0x0000000000000000\n"
    "udp_tunnel 32768 1 vxlan, Live 0x0000000000000000\n"
    "snd_hda_codec 184320 3 snd_hda_codec_hdmi,snd_hda_codec_realtek,snd_hda_intel, Live 0xffffffffc0a1b000\n"
    "fuse 176128 5 - Live 0x0000000000000000\n"
    "nvidia 56623104 2 [permanent], Live 0x0000000000000000 (POE)\n"
    "dummy 16384 0 - Loading 0x0000000000000000 (E+)\n"
    "loop 32768 0 - Unloading 0x0000000000000000 (-)\n";

TEST(ParseProcModules, RealisticText) {
    const Snapshot snapshot = parse_proc_modules(kProcModules);
    ASSERT_EQ(snapshot.size(), 8u);

    Names order;
    for (const auto& m : snapshot)
        order.push_back(m.name);
    EXPECT_EQ(order, (Names{"vxlan", "ip6_udp_tunnel", "udp_tunnel", "snd_hda_codec", "fuse",
                            "nvidia", "dummy", "loop"}));

    EXPECT_EQ(snapshot[0].size, 106496u);
    EXPECT_EQ(snapshot[0].refcount, 0);
    EXPECT_TRUE(snapshot[0].holders.empty());
    EXPECT_EQ(snapshot[0].state, "live");

    EXPECT_EQ(snapshot[2].holders, Names{"vxlan"});
    EXPECT_EQ(snapshot[2].refcount, 1);
    EXPECT_EQ(snapshot[3].holders,
              (Names{"snd_hda_codec_hdmi", "snd_hda_codec_realtek", "snd_hda_intel"}));
    EXPECT_EQ(snapshot[4].refcount, 5);

    EXPECT_TRUE(snapshot[5].permanent);
    EXPECT_TRUE(snapshot[5].holders.empty());
    EXPECT_EQ(snapshot[5].size, 56623104u);
    EXPECT_FALSE(snapshot[0].permanent);

    EXPECT_EQ(snapshot[6].state, "coming");
    EXPECT_EQ(snapshot[7].state, "going");
}

// The kernel's module_flags(): the taint letters, then '+' for a module coming and '-' for
// one going, in parentheses; nothing for a live module that taints nothing.
TEST(ParseProcModules, TaintIsTheLettersWithoutTheStateMarks) {
    const Snapshot snapshot = parse_proc_modules(kProcModules);
    EXPECT_EQ(snapshot[0].taint, "");
    EXPECT_EQ(snapshot[5].taint, "POE");
    EXPECT_EQ(snapshot[6].taint, "E");
    EXPECT_EQ(snapshot[7].taint, "");
    EXPECT_FALSE(snapshot[5].signature_verified);
    EXPECT_EQ(find_in_proc_modules(kProcModules, "nvidia")->taint, "POE");
}

TEST(ParseProcModules, PermanentWithHolders) {
    const Snapshot snapshot = parse_proc_modules("base 8192 1 user,[permanent], Live 0x0\n");
    ASSERT_EQ(snapshot.size(), 1u);
    EXPECT_TRUE(snapshot[0].permanent);
    EXPECT_EQ(snapshot[0].holders, Names{"user"});
}

TEST(ParseProcModules, KernelWithoutModuleUnload) {
    // Without CONFIG_MODULE_UNLOAD the kernel prints " - -" for refcount and used-by.
    const Snapshot snapshot = parse_proc_modules("dummy 16384 - - Live 0x0000000000000000\n");
    ASSERT_EQ(snapshot.size(), 1u);
    EXPECT_EQ(snapshot[0].refcount, -1);
    EXPECT_TRUE(snapshot[0].holders.empty());
}

TEST(ParseProcModules, SkipsLinesThatDoNotParse) {
    const Snapshot snapshot = parse_proc_modules(
        "\n"
        "truncated 16384 0 -\n"
        "badsize 16x84 0 - Live 0x0\n"
        "badref 16384 x - Live 0x0\n"
        "badstate 16384 0 - Sleeping 0x0\n"
        "good 4096 0 - Live 0x0");
    ASSERT_EQ(snapshot.size(), 1u);
    EXPECT_EQ(snapshot[0].name, "good");
    EXPECT_EQ(snapshot[0].size, 4096u);
}

TEST(ParseProcModules, Empty) { EXPECT_TRUE(parse_proc_modules("").empty()); }

TEST(FindInProcModules, ParsesTheNamedModuleLikeTheWholeList) {
    const Snapshot snapshot = parse_proc_modules(kProcModules);
    for (const auto& module : snapshot)
        EXPECT_EQ(find_in_proc_modules(kProcModules, module.name), module) << module.name;
}

TEST(FindInProcModules, MatchesTheWholeNameOnly) {
    const char* const text = "dummy2 4096 0 - Live 0x0\n"
                             "dummy 8192 1 - Live 0x0\n";
    const auto dummy = find_in_proc_modules(text, "dummy");
    ASSERT_TRUE(dummy);
    EXPECT_EQ(dummy->size, 8192u);
    EXPECT_FALSE(find_in_proc_modules(text, "dumm"));
    EXPECT_FALSE(find_in_proc_modules(text, "dummy22"));
    EXPECT_FALSE(find_in_proc_modules(text, ""));
    EXPECT_FALSE(find_in_proc_modules("", "dummy"));
}

TEST(FindInProcModules, SkipsALineOfTheNameThatDoesNotParse) {
    const auto dummy = find_in_proc_modules("dummy 16x84 0 - Live 0x0\ndummy 4096 0 - Live 0x0", "dummy");
    EXPECT_EQ(dummy.value_or(LoadedModule{}).size, 4096u);
    EXPECT_FALSE(find_in_proc_modules("truncated 16384 0 -\n", "truncated"));
}

} // namespace
} // namespace modmgr
