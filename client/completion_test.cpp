#include "completion.h"

#include <gtest/gtest.h>

namespace modmgr {
namespace {

class CompletionTest : public ::testing::Test {
protected:
    CompletionTest() {
        sources_.loaded_modules = [] {
            return std::vector<std::string>{"vxlan", "dummy", "udp_tunnel"};
        };
        sources_.available_modules = [] {
            return std::vector<std::string>{"dummy", "dummy_hcd", "vxlan", "vxcan", "dummy"};
        };
        sources_.blacklisted_modules = [] { return std::vector<std::string>{"pcspkr"}; };
        sources_.masked_modules = [] { return std::vector<std::string>{"cramfs"}; };
        sources_.devices = [] {
            return std::vector<std::string>{"platform/serial8250", "pci/0000:00:02.0",
                                            "pci/0000:00:1f.3"};
        };
        sources_.parameters = [this](const std::string& module) {
            asked_.push_back(module);
            return std::vector<std::pair<std::string, std::string>>{
                {"numdummies", "Number of dummy pseudo devices (int)"}, {"debug", ""}};
        };
    }

    std::vector<std::string> words_of(const std::vector<std::string>& typed) {
        std::vector<std::string> words;
        for (const auto& candidate : complete(typed, sources_).words)
            words.push_back(candidate.first);
        return words;
    }

    CompletionSources sources_;
    std::vector<std::string> asked_;
};

using Words = std::vector<std::string>;

TEST_F(CompletionTest, CommandsWithTheirDescriptions) {
    const auto completion = complete({"un"}, sources_);
    EXPECT_EQ(completion.kind, Completion::Kind::Words);
    ASSERT_EQ(completion.words.size(), 3u);
    EXPECT_EQ(completion.words[0].first, "unload");
    EXPECT_NE(completion.words[0].second.find("like modprobe -r"), std::string::npos);
    EXPECT_EQ(completion.words[1].first, "unblacklist");
    EXPECT_EQ(completion.words[2].first, "unmask");
    EXPECT_EQ(words_of({"--json", "-H", "server", "perm"}), Words{"permissions"});
}

TEST_F(CompletionTest, EachCommandsModulesComeFromItsOwnList) {
    EXPECT_EQ(words_of({"unload", ""}), (Words{"dummy", "udp_tunnel", "vxlan"}));
    EXPECT_EQ(words_of({"load", "vx"}), (Words{"vxcan", "vxlan"}));
    EXPECT_EQ(words_of({"info", "dummy"}), (Words{"dummy", "dummy_hcd"}));
    EXPECT_EQ(words_of({"blacklist", "dummy"}), (Words{"dummy", "dummy_hcd"}));
    EXPECT_EQ(words_of({"unblacklist", ""}), Words{"pcspkr"});
    EXPECT_EQ(words_of({"unmask", ""}), Words{"cramfs"});
    EXPECT_EQ(words_of({"mask", "vx"}), (Words{"vxcan", "vxlan"}));
    EXPECT_EQ(words_of({"--dry-run", "unload", "-H", "server", "vx"}), Words{"vxlan"});
    EXPECT_TRUE(words_of({"list", ""}).empty());
    // unload and info take several modules, load with --all.
    EXPECT_EQ(words_of({"unload", "dummy", "v"}), Words{"vxlan"});
    EXPECT_EQ(words_of({"info", "vxlan", "dummy_"}), Words{"dummy_hcd"});
    EXPECT_EQ(words_of({"load", "-a", "dummy", "vxc"}), Words{"vxcan"});
    EXPECT_EQ(words_of({"-na", "load", "dummy", "vxc"}), Words{"vxcan"});
    EXPECT_EQ(words_of({"monitor", "--json", "dummy", "vx"}), (Words{"vxcan", "vxlan"}));
    EXPECT_TRUE(words_of({"enable", "dummy", ""}).empty());
}

TEST_F(CompletionTest, APathIsLeftToTheShell) {
    EXPECT_EQ(complete({"load", "./"}, sources_).kind, Completion::Kind::Files);
    EXPECT_EQ(complete({"info", "/lib/modules/"}, sources_).kind, Completion::Kind::Files);
    EXPECT_EQ(complete({"load", "~/"}, sources_).kind, Completion::Kind::Files);
    EXPECT_EQ(complete({"unload", "./"}, sources_).kind, Completion::Kind::Words);
}

TEST_F(CompletionTest, AHostIsLeftToTheShell) {
    EXPECT_EQ(complete({"-H", "se"}, sources_).kind, Completion::Kind::Hosts);
    EXPECT_EQ(complete({"list", "--host", ""}, sources_).kind, Completion::Kind::Hosts);
}

TEST_F(CompletionTest, ParametersTheModuleDeclaresAndTheWordsDoNotSetYet) {
    const auto completion = complete({"load", "dummy", ""}, sources_);
    ASSERT_EQ(completion.words.size(), 2u);
    EXPECT_EQ(completion.words[0],
              std::make_pair(std::string("numdummies="),
                             std::string("Number of dummy pseudo devices (int)")));
    EXPECT_EQ(asked_, Words{"dummy"});
    EXPECT_EQ(words_of({"options", "dummy", "numdummies=2", ""}), Words{"debug="});
    EXPECT_EQ(words_of({"load", "dummy", "num"}), Words{"numdummies="});
    EXPECT_TRUE(words_of({"load", "./dummy.ko", ""}).empty());
    EXPECT_TRUE(words_of({"enable", "dummy", ""}).empty());
}

TEST_F(CompletionTest, OptionsAreTheCommandsOwn) {
    const Words unload = words_of({"unload", "--"});
    EXPECT_NE(std::find(unload.begin(), unload.end(), "--no-deps"), unload.end());
    EXPECT_EQ(std::find(unload.begin(), unload.end(), "--ignore-blacklist"), unload.end());
    EXPECT_EQ(std::find(unload.begin(), unload.end(), "--version"), unload.end());
    const Words before = words_of({"--"});
    EXPECT_NE(std::find(before.begin(), before.end(), "--version"), before.end());
    EXPECT_NE(std::find(before.begin(), before.end(), "--no-deps"), before.end());
    EXPECT_EQ(words_of({"load", "--i"}), (Words{"--ignore-blacklist", "--ignore-install-commands"}));
    // After "--" every word is an operand.
    EXPECT_EQ(words_of({"unload", "--", "-"}), Words{});
}

TEST_F(CompletionTest, FieldsOfInfo) {
    EXPECT_EQ(words_of({"info", "-F", "pa"}), (Words{"parm", "parmvalue"}));
    EXPECT_EQ(words_of({"info", "dummy", "--field", "load"}), (Words{"load_at_boot", "loaded"}));
    EXPECT_EQ(words_of({"info", "-F", "parm", "vx"}), (Words{"vxcan", "vxlan"}));
    EXPECT_TRUE(words_of({"load", "--timeout", ""}).empty());
}

TEST_F(CompletionTest, DevicesForLoadForDevice) {
    EXPECT_EQ(words_of({"load", "--for-device", ""}),
              (Words{"pci/0000:00:02.0", "pci/0000:00:1f.3", "platform/serial8250"}));
    EXPECT_EQ(words_of({"load", "-D", "pci/0000:00:1"}), Words{"pci/0000:00:1f.3"});
    EXPECT_EQ(words_of({"-D", "plat"}), Words{"platform/serial8250"});
    // The device is -D's value, not load's MODULE: the word after it is an option again.
    EXPECT_EQ(words_of({"load", "-D", "platform/serial8250", "--fi"}), Words{"--first-time"});
    EXPECT_EQ(words_of({"load", "pci"}), Words{});
}

TEST_F(CompletionTest, AnUnknownCommandGetsNothing) {
    EXPECT_TRUE(words_of({"lod", ""}).empty());
}

TEST_F(CompletionTest, TheReplyIsLinesAModuleCannotBreak) {
    Completion completion{Completion::Kind::Words,
                          {{"numdummies=", "Number of\tdummy\ndevices"}, {"bad\nname=", ""}}};
    EXPECT_EQ(format_completion(completion), "words\nnumdummies=\tNumber of dummy devices\n");
    EXPECT_EQ(format_completion({Completion::Kind::Files, {}}), "files\n");
    EXPECT_EQ(format_completion({Completion::Kind::Hosts, {}}), "hosts\n");
}

} // namespace
} // namespace modmgr
