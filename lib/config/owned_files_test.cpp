#include "config/owned_files.h"

#include <gtest/gtest.h>

#include <functional>

#include "base/input_validation.h"
#include "base/module_error.h"
#include "config/config_index.h"
#include "config/config_layout.h"
#include "support/scratch_dir.h"

namespace modmgr {
namespace {

using Strings = std::vector<std::string>;

const std::string kHeader =
    "# Managed by modmgrd (org.modmgr1): written by `modctl blacklist/mask/options/enable`\n"
    "# and the org.modmgr1 D-Bus API, which rewrite this file. Lines added here by hand\n"
    "# are kept, comments are not: put your own configuration in a file of your own.\n";

// Both files rendered and parsed back into one configuration.
OwnedFiles round_trip(const OwnedFiles& config) {
    OwnedFiles parsed = parse_modprobe_file(render_modprobe_file(config), "modprobe.conf");
    parsed.load_at_boot = parse_modules_load_file(render_modules_load_file(config), "load.conf").load_at_boot;
    return parsed;
}

ModuleError error_of(const std::function<void()>& call) {
    try {
        call();
    } catch (const ModuleError& e) {
        return e;
    }
    throw std::runtime_error("no ModuleError thrown");
}

void expect_not_ours(const std::string& text, int line, const std::string& why) {
    const ModuleError error = error_of([&] { parse_modprobe_file(text, "/etc/modprobe.d/zz-modmgr.conf"); });
    const std::string message = error.what();
    EXPECT_EQ(error.code(), ErrorCode::Failed) << message;
    EXPECT_NE(message.find("/etc/modprobe.d/zz-modmgr.conf:" + std::to_string(line) + ": "), std::string::npos)
        << message;
    EXPECT_NE(message.find(why), std::string::npos) << message;
    EXPECT_NE(message.find("modmgrd changes nothing in this file until that line is fixed or removed"),
              std::string::npos)
        << message;
}

TEST(OwnedFiles, RendersTheHeaderThenLinesByModule) {
    OwnedFiles config;
    config.blacklisted = {"ifb", "dummy"};
    config.options["snd_hda_intel"] = {"power_save=0", "model=a b"};
    config.options["dummy"] = {"numdummies=2"};
    config.load_at_boot = {"vxlan", "dummy"};
    EXPECT_EQ(render_modprobe_file(config), kHeader +
                                                "blacklist dummy\n"
                                                "options dummy numdummies=2\n"
                                                "blacklist ifb\n"
                                                "options snd_hda_intel power_save=0 model=\"a b\"\n");
    EXPECT_EQ(render_modules_load_file(config), kHeader + "dummy\nvxlan\n");
}

TEST(OwnedFiles, AMaskIsABlacklistLineAndAnInstallLineThatFails) {
    OwnedFiles config;
    config.masked = {"udp_tunnel", "dummy"};
    config.blacklisted = {"dummy", "ifb"};
    EXPECT_EQ(render_modprobe_file(config), kHeader +
                                                "blacklist dummy\n"
                                                "install dummy /bin/false\n"
                                                "blacklist ifb\n"
                                                "blacklist udp_tunnel\n"
                                                "install udp_tunnel /bin/false\n");
    const OwnedFiles parsed = round_trip(config);
    EXPECT_EQ(parsed.masked, config.masked);
    // What was blacklisted and what was masked cannot be told apart once written: a mask's
    // blacklist line reads back as a blacklist. Unmasking (config_editor) removes both.
    EXPECT_EQ(parsed.blacklisted, (std::set<std::string>{"dummy", "ifb", "udp_tunnel"}));
    EXPECT_EQ(parse_modprobe_file("install  dummy \t/bin/false \n", "f").masked,
              std::set<std::string>{"dummy"});
}

TEST(OwnedFiles, NothingManagedRendersNoFile) {
    OwnedFiles config;
    EXPECT_EQ(render_modprobe_file(config), "");
    EXPECT_EQ(render_modules_load_file(config), "");
    config.load_at_boot.insert("dummy");
    EXPECT_EQ(render_modprobe_file(config), "");
    config.load_at_boot.clear();
    config.blacklisted.insert("dummy");
    EXPECT_EQ(render_modules_load_file(config), "");
}

TEST(OwnedFiles, HostileValuesRoundTrip) {
    OwnedFiles config;
    config.options["dummy"] = {"a=#x", "b=x y", "c=x\\", "d=\\", "e=a\\b", "f=x\\ y\\", "g=",
                               "h", "i=;x", "j=--", "k=a=b c=d", "name.sub-key_2=x/y:z"};
    config.options["ifb"] = std::vector<std::string>(kMaxParameters, "long=" + std::string(kMaxParameterLength - 5, 'v'));
    config.options["ifb"].back() = "long=" + std::string(kMaxParameterLength - 6, ' ') + "\\";
    config.blacklisted = {"dummy", "nf_conntrack"};
    config.load_at_boot = {"dummy", "ifb"};
    EXPECT_EQ(round_trip(config), config);
}

TEST(OwnedFiles, NoRenderedLineEndsInABackslash) {
    OwnedFiles config;
    config.options["dummy"] = {"a=x\\", "b=\\\\"};
    config.options["ifb"] = {"a=\\"};
    const std::string text = render_modprobe_file(config);
    for (size_t end = text.find('\n'); end != std::string::npos; end = text.find('\n', end + 1))
        EXPECT_NE(text[end - 1], '\\') << text;
}

TEST(OwnedFiles, RenderingRefusesWhatCouldInjectALine) {
    for (const std::string bad : {"a=x\nblacklist evil", "a=x\rb", "a=\"x\"", "bad key=1"}) {
        OwnedFiles config;
        config.options["dummy"] = {bad};
        EXPECT_EQ(error_of([&] { render_modprobe_file(config); }).code(), ErrorCode::InvalidArgument) << bad;
    }
    for (const std::string bad : {"dummy\nblacklist evil", "pci:v*", "a b", "", "-r"}) {
        OwnedFiles config;
        config.blacklisted = {bad};
        EXPECT_EQ(error_of([&] { render_modprobe_file(config); }).code(), ErrorCode::InvalidArgument) << bad;
        config.blacklisted.clear();
        config.load_at_boot = {bad};
        EXPECT_EQ(error_of([&] { render_modules_load_file(config); }).code(), ErrorCode::InvalidArgument) << bad;
    }
}

TEST(OwnedFiles, ParsingAcceptsCommentsAndHandWrittenLinesOfTheSameForm) {
    const OwnedFiles parsed = parse_modprobe_file(kHeader +
                                                         "\n"
                                                         "# my note\n"
                                                         "  # indented note\n"
                                                         "blacklist  nf-conntrack\n"
                                                         "options dummy a=1 b=\"x y\"\n"
                                                         "options dummy-x c=\"1\" \\\n   d\n"
                                                         "\toptions dummy e=2\n",
                                                     "f");
    EXPECT_EQ(parsed.blacklisted, std::set<std::string>{"nf_conntrack"});
    EXPECT_EQ(parsed.options, (std::map<std::string, Strings>{{"dummy", {"a=1", "b=x y", "e=2"}},
                                                              {"dummy_x", {"c=1", "d"}}}));
    EXPECT_EQ(parse_modules_load_file("# note\n; note\n\n dummy \nnf-nat\n", "f").load_at_boot,
              (std::set<std::string>{"dummy", "nf_nat"}));
}

TEST(OwnedFiles, ParsingRefusesLinesModmgrdDoesNotWriteNamingFileAndLine) {
    expect_not_ours(kHeader + "blacklist dummy\ninstall dummy /bin/true\n", 5,
                    "an install line other than /bin/false");
    expect_not_ours("install dummy /bin/false; modprobe --ignore-install dummy\n", 1,
                    "an install line other than /bin/false");
    expect_not_ours("remove dummy /bin/false\n", 1, "not a blacklist, mask or options line");
    expect_not_ours("options dummy\n", 1, "not a blacklist, mask or options line");
    expect_not_ours("blacklist dummy ifb\n", 1, "a blacklist line names one module");
    expect_not_ours("blacklist pci:v00008086d*\n", 1, "a module name is needed");
    expect_not_ours("options dummy a=\"x\"y\"\n", 1, "must not contain '\"'");
    expect_not_ours("options dummy \"a=x\"\n", 1, "start with");
    expect_not_ours("blacklist dummy \\\nblacklist ifb\n", 1, "a blacklist line names one module");
    const ModuleError error = error_of([] { parse_modules_load_file("dummy\ndummy numdummies=2\n", "/l.conf"); });
    EXPECT_EQ(error.code(), ErrorCode::Failed);
    EXPECT_NE(std::string(error.what()).find("/l.conf:2: "), std::string::npos) << error.what();
}

// Found by tests/fuzz (managed_modprobe): each line within the limit, the module past it, so
// that rendering the parsed file back failed.
TEST(OwnedFiles, ParsingRefusesOptionsLinesThatTogetherExceedTheParameterLimit) {
    const auto options_line = [](const std::string& module, size_t count) {
        std::string line = "options " + module;
        for (size_t i = 0; i < count; ++i)
            line += " p" + std::to_string(i) + "=1";
        return line + "\n";
    };
    const size_t half = kMaxParameters / 2;
    const std::string full = options_line("dummy", half) + options_line("dummy", kMaxParameters - half);
    const OwnedFiles parsed = parse_modprobe_file(full, "f");
    EXPECT_EQ(parsed.options.at("dummy").size(), kMaxParameters);
    EXPECT_EQ(parse_modprobe_file(render_modprobe_file(parsed), "f"), parsed);

    expect_not_ours(full + options_line("dummy", 1), 3, "too many parameters");
    expect_not_ours(options_line("dummy-x", half) + options_line("dummy_x", kMaxParameters - half + 1), 2,
                    "too many parameters");
}

TEST(OwnedFiles, RenderedFilesReadByConfigIndexSayExactlyWhatWasMeant) {
    ScratchDir root;
    const ConfigLayout layout = ConfigLayout::under(root.path());
    OwnedFiles config;
    config.blacklisted = {"dummy"};
    config.options["dummy"] = {"a=x\\", "b=#c blacklist evil", "c=x\\ options evil y=1"};
    config.options["ifb"] = {"numifbs=3"};
    config.load_at_boot = {"vxlan"};
    root.write("etc/modprobe.d/zz-modmgr.conf", render_modprobe_file(config));
    root.write("etc/modules-load.d/zz-modmgr.conf", render_modules_load_file(config));

    const ConfigIndex index = ConfigIndex::read(layout);
    EXPECT_EQ(ConfigIndex().changed_modules(index), (std::set<std::string>{"dummy", "ifb", "vxlan"}));
    const ModuleConfiguration dummy = index.of("dummy");
    Strings kinds;
    for (const auto& source : dummy.sources) {
        kinds.push_back(source.kind);
        EXPECT_TRUE(source.managed);
        EXPECT_EQ(source.file, layout.owned_modprobe_file);
    }
    EXPECT_EQ(kinds, (Strings{"blacklist", "options"}));
    EXPECT_EQ(dummy.options, (Strings{"a=\"x\\\"", "b=\"#c blacklist evil\"", "c=\"x\\ options evil y=1\""}));
    EXPECT_EQ(index.of("ifb").options, Strings{"numifbs=3"});
    const auto vxlan = index.of("vxlan").sources;
    ASSERT_EQ(vxlan.size(), 1u);
    EXPECT_EQ(vxlan[0], (ConfigSource{"load", layout.owned_modules_load_file, 4, "vxlan", true}));
}

} // namespace
} // namespace modmgr
