#include "config/config_editor.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <functional>

#include "base/module_error.h"
#include "config/config_syntax.h"
#include "config/owned_files.h"
#include "support/scratch_dir.h"
#include "wire_contract.h"

namespace modmgr {
namespace {

namespace fs = std::filesystem;
using Strings = std::vector<std::string>;
constexpr auto kModule = ModuleKind::Module;

// A change as modmgrd makes it: the name (and parameters) checked at its boundary, the
// configuration read once for the call.
class EditorAsCalled {
public:
    explicit EditorAsCalled(const ConfigLayout& layout) : layout_(layout), editor_(layout) {}
    bool set_blacklisted(const std::string& module, bool blacklisted, ModuleKind kind,
                         uint64_t flags) {
        return editor_.set_blacklisted(PlainModuleName::checked(module), blacklisted, kind,
                                       ConfigIndex::read(layout_), flags);
    }
    bool set_options(const std::string& module, const Strings& parameters, ModuleKind kind,
                     uint64_t flags) {
        return editor_.set_options(PlainModuleName::checked(module),
                                   ModuleParameters::checked(parameters), kind,
                                   ConfigIndex::read(layout_), flags);
    }
    bool set_load_at_boot(const std::string& module, bool enabled, ModuleKind kind,
                          uint64_t flags) {
        return editor_.set_load_at_boot(PlainModuleName::checked(module), enabled, kind,
                                        ConfigIndex::read(layout_), flags);
    }
    bool set_masked(const std::string& module, bool masked, ModuleKind kind, uint64_t flags) {
        return editor_.set_masked(PlainModuleName::checked(module), masked, kind,
                                  ConfigIndex::read(layout_), flags);
    }

private:
    ConfigLayout layout_;
    ConfigEditor editor_;
};

class ModuleConfiguratorTest : public ::testing::Test {
protected:
    std::string write(const std::string& relative, const std::string& text) {
        return root_.write(relative, text);
    }
    std::string modprobe_file() const { return read_config_text(layout_.owned_modprobe_file); }
    std::string modules_load_file() const { return read_config_text(layout_.owned_modules_load_file); }
    OwnedFiles managed() const {
        OwnedFiles config = parse_modprobe_file(modprobe_file(), "");
        config.load_at_boot = parse_modules_load_file(modules_load_file(), "").load_at_boot;
        return config;
    }
    // The owned files' inodes: an atomic write replaces the inode, so an unchanged pair
    // shows that nothing was written.
    std::pair<ino_t, ino_t> inodes() const {
        struct stat a {}, b {};
        ::stat(layout_.owned_modprobe_file.c_str(), &a);
        ::stat(layout_.owned_modules_load_file.c_str(), &b);
        return {a.st_ino, b.st_ino};
    }
    // The error `call` throws, after checking that it left both owned files as they were.
    ModuleError refused(const std::function<void()>& call) {
        const std::string modprobe = modprobe_file();
        const std::string modules_load = modules_load_file();
        const auto before = inodes();
        try {
            call();
        } catch (const ModuleError& e) {
            EXPECT_EQ(modprobe_file(), modprobe) << "changed although refused";
            EXPECT_EQ(modules_load_file(), modules_load) << "changed although refused";
            EXPECT_EQ(inodes(), before) << "rewritten although refused";
            return e;
        }
        throw std::runtime_error("the change was not refused");
    }
    void expect_refused(ErrorCode code, const std::string& message, const std::function<void()>& call) {
        const ModuleError error = refused(call);
        EXPECT_EQ(error_code_name(error.code()), std::string(error_code_name(code))) << error.what();
        EXPECT_EQ(error.what(), message);
    }
    void expect_code(ErrorCode code, const std::function<void()>& call) {
        const ModuleError error = refused(call);
        EXPECT_EQ(error_code_name(error.code()), std::string(error_code_name(code))) << error.what();
    }

    ScratchDir root_;
    ConfigLayout layout_ = ConfigLayout::under(root_.path());
    EditorAsCalled configurator_{layout_};
};

// --- blacklist ------------------------------------------------------------------------

TEST_F(ModuleConfiguratorTest, BlacklistingWritesTheOwnedFileOnce) {
    EXPECT_TRUE(configurator_.set_blacklisted("nf-conntrack", true, kModule, 0));
    OwnedFiles expected;
    expected.blacklisted = {"nf_conntrack"};
    EXPECT_EQ(modprobe_file(), render_modprobe_file(expected));
    EXPECT_FALSE(fs::exists(layout_.owned_modules_load_file));

    const auto before = inodes();
    EXPECT_FALSE(configurator_.set_blacklisted("nf_conntrack", true, kModule, 0));
    EXPECT_EQ(inodes(), before) << "rewritten although nothing changed";
}

TEST_F(ModuleConfiguratorTest, BlacklistingAddsOurLineEvenIfAnotherFileBlacklists) {
    write("etc/modprobe.d/local.conf", "blacklist dummy\n");
    EXPECT_TRUE(configurator_.set_blacklisted("dummy", true, kModule, 0));
    EXPECT_EQ(managed().blacklisted, std::set<std::string>{"dummy"});
}

TEST_F(ModuleConfiguratorTest, SettingNeedsALoadableModule) {
    expect_refused(ErrorCode::NotFound,
                   "cannot blacklist nosuch: no module nosuch in this kernel's module tree",
                   [&] { configurator_.set_blacklisted("nosuch", true, ModuleKind::Unknown, 0); });
    expect_refused(ErrorCode::Builtin,
                   "cannot blacklist ext4: it is built into the kernel, which a blacklist cannot "
                   "keep from being there",
                   [&] { configurator_.set_blacklisted("ext4", true, ModuleKind::Builtin, 0); });
    expect_refused(ErrorCode::InvalidArgument,
                   "cannot blacklist fs_cifs: fs_cifs is an alias, and a module name is needed "
                   "(modctl info fs_cifs names the module)",
                   [&] { configurator_.set_blacklisted("fs-cifs", true, ModuleKind::Alias, 0); });
    expect_refused(ErrorCode::Builtin,
                   "cannot set options for ext4: it is built into the kernel, so its parameters "
                   "go on the kernel command line (ext4.PARAM=VALUE), not into modprobe.d",
                   [&] { configurator_.set_options("ext4", {"x=1"}, ModuleKind::Builtin, 0); });
    expect_code(ErrorCode::InvalidArgument,
                [&] { configurator_.set_options("fs-cifs", {"x=1"}, ModuleKind::Alias, 0); });
    expect_code(ErrorCode::NotFound,
                [&] { configurator_.set_load_at_boot("nosuch", true, ModuleKind::Unknown, 0); });
    expect_refused(ErrorCode::Builtin,
                   "cannot load ext4 at boot: it is built into the kernel, so it is always there",
                   [&] { configurator_.set_load_at_boot("ext4", true, ModuleKind::Builtin, 0); });
}

TEST_F(ModuleConfiguratorTest, NamesMustBeModuleNames) {
    for (const std::string& bad : Strings{"pci:v00008086d*", "dummy\nblacklist evil", "a b", "", "-r",
                                  "../x", std::string(56, 'a')}) {
        expect_code(ErrorCode::InvalidArgument,
                    [&] { configurator_.set_blacklisted(bad, true, kModule, 0); });
        expect_code(ErrorCode::InvalidArgument,
                    [&] { configurator_.set_blacklisted(bad, false, kModule, 0); });
        expect_code(ErrorCode::InvalidArgument,
                    [&] { configurator_.set_options(bad, {}, kModule, 0); });
        expect_code(ErrorCode::InvalidArgument,
                    [&] { configurator_.set_load_at_boot(bad, true, kModule, 0); });
    }
}

TEST_F(ModuleConfiguratorTest, UnblacklistingRemovesOurLineAndFinallyTheFile) {
    configurator_.set_blacklisted("dummy", true, kModule, 0);
    configurator_.set_blacklisted("ifb", true, kModule, 0);
    EXPECT_TRUE(configurator_.set_blacklisted("dummy", false, kModule, 0));
    EXPECT_EQ(managed().blacklisted, std::set<std::string>{"ifb"});
    // Clearing works whatever the module tree says about the name.
    EXPECT_TRUE(configurator_.set_blacklisted("ifb", false, ModuleKind::Unknown, 0));
    EXPECT_FALSE(fs::exists(layout_.owned_modprobe_file));
    EXPECT_FALSE(configurator_.set_blacklisted("ifb", false, ModuleKind::Unknown, 0));
}

TEST_F(ModuleConfiguratorTest, UnblacklistingFailsWhileAnotherFileBlacklists) {
    configurator_.set_blacklisted("dummy", true, kModule, 0);
    const std::string local = write("etc/modprobe.d/local.conf", "# mine\n\nblacklist dummy\n");
    expect_refused(ErrorCode::Overridden,
                   "dummy stays blacklisted by " + local +
                       ":3 (not managed by modmgrd); remove that line to unblacklist it",
                   [&] { configurator_.set_blacklisted("dummy", false, kModule, 0); });

    const std::string lib = write("lib/modprobe.d/x.conf", "blacklist dummy\n");
    write("proc/cmdline", "quiet module_blacklist=ifb,dummy\n");
    expect_refused(ErrorCode::Overridden,
                   "dummy stays blacklisted by " + local + ":3, " + lib +
                       ":1 (not managed by modmgrd) and the kernel command line "
                       "(module_blacklist=ifb,dummy); remove those lines and change the kernel "
                       "command line to unblacklist it",
                   [&] { configurator_.set_blacklisted("dummy", false, kModule, 0); });
}

TEST_F(ModuleConfiguratorTest, UnblacklistingFailsWhileTheCommandLineBlacklists) {
    write("proc/cmdline", "modprobe.blacklist=dummy\n");
    expect_refused(ErrorCode::Overridden,
                   "dummy stays blacklisted by the kernel command line (modprobe.blacklist=dummy); "
                   "change the kernel command line to unblacklist it",
                   [&] { configurator_.set_blacklisted("dummy", false, kModule, 0); });
}

// --- options --------------------------------------------------------------------------

TEST_F(ModuleConfiguratorTest, OptionsReplaceOurLineAndClearRemovesIt) {
    EXPECT_TRUE(configurator_.set_options("dummy", {"numdummies=2", "name=a b"}, kModule, 0));
    EXPECT_EQ(managed().options, (std::map<std::string, Strings>{{"dummy", {"numdummies=2", "name=a b"}}}));
    EXPECT_TRUE(configurator_.set_options("dummy", {"numdummies=3"}, kModule, 0));
    EXPECT_EQ(managed().options, (std::map<std::string, Strings>{{"dummy", {"numdummies=3"}}}));
    EXPECT_FALSE(configurator_.set_options("dummy", {"numdummies=3"}, kModule, 0));
    EXPECT_TRUE(configurator_.set_options("dummy", {}, ModuleKind::Unknown, 0));
    EXPECT_FALSE(fs::exists(layout_.owned_modprobe_file));
    EXPECT_FALSE(configurator_.set_options("dummy", {}, kModule, 0));
}

TEST_F(ModuleConfiguratorTest, OptionsAreValidatedLikeLoads) {
    configurator_.set_options("dummy", {"numdummies=2"}, kModule, 0);
    for (const std::string bad : {"a=x\nblacklist evil", "a=\"x\"", "bad key=1", "=1", ""})
        expect_code(ErrorCode::InvalidArgument,
                    [&] { configurator_.set_options("dummy", {bad}, kModule, 0); });
    expect_code(ErrorCode::InvalidArgument, [&] {
        configurator_.set_options("dummy", Strings(65, "a=1"), kModule, 0);
    });
}

TEST_F(ModuleConfiguratorTest, OptionsSetAgainLaterAreOverridden) {
    write("etc/modprobe.d/aa.conf", "options snd_hda_intel power_save=1\n"); // read before ours
    write("etc/modprobe.d/zzz-other.conf", "options snd_hda_intel model=x\n");  // another key
    EXPECT_TRUE(configurator_.set_options("snd-hda-intel", {"power_save=0"}, kModule, 0));

    const std::string audio = write("etc/modprobe.d/zzz-audio.conf", "options snd_hda_intel power-save=1\n");
    expect_refused(ErrorCode::Overridden,
                   "options for snd_hda_intel: power_save is set again by " + audio +
                       ":1, which is read after " + layout_.owned_modprobe_file,
                   [&] { configurator_.set_options("snd_hda_intel", {"power_save=2"}, kModule, 0); });

    fs::remove(audio);
    write("proc/cmdline", "snd_hda_intel.power_save=1 snd_hda_intel.index=0\n");
    const std::string owned = layout_.owned_modprobe_file;
    expect_refused(ErrorCode::Overridden,
                   "options for snd_hda_intel: model is set again by " +
                       root_.file("etc/modprobe.d/zzz-other.conf") + ":1, which is read after " +
                       owned + "; power_save is set again by the kernel command line "
                       "(snd_hda_intel.power_save=1), which applies after " + owned +
                       "; index is set again by the kernel command line (snd_hda_intel.index=0), "
                       "which applies after " + owned,
                   [&] {
                       configurator_.set_options("snd_hda_intel",
                                                 {"power_save=2", "index=1", "model=z"}, kModule, 0);
                   });
}

TEST_F(ModuleConfiguratorTest, ClearingTakesBackOurOptionsWhateverOtherFilesSay) {
    // systemd's /lib/modprobe.d/systemd.conf, on every systemd machine.
    const std::string vendor = write("lib/modprobe.d/systemd.conf", "options dummy numdummies=0\n");
    configurator_.set_options("dummy", {"numdummies=2"}, kModule, 0);
    EXPECT_TRUE(configurator_.set_options("dummy", {}, kModule, 0));
    const ModuleConfiguration dummy = ConfigIndex::read(layout_).of("dummy");
    EXPECT_EQ(dummy.options, std::vector<std::string>{"numdummies=0"});
    ASSERT_EQ(dummy.sources.size(), 1u);
    EXPECT_EQ(dummy.sources[0].file, vendor);
}

TEST_F(ModuleConfiguratorTest, WhatIsWrittenIsWhatConfigIndexThenReports) {
    configurator_.set_options("dummy", {"numdummies=2", "name=x\\", "tag=#1 y"}, kModule, 0);
    configurator_.set_blacklisted("dummy", true, kModule, 0);
    configurator_.set_load_at_boot("ifb", true, kModule, 0);
    const ConfigIndex index = ConfigIndex::read(layout_);
    const ModuleConfiguration dummy = index.of("dummy");
    EXPECT_TRUE(dummy.blacklisted);
    EXPECT_EQ(dummy.options, (Strings{"numdummies=2", "name=\"x\\\"", "tag=\"#1 y\""}));
    EXPECT_TRUE(index.of("ifb").load_at_boot);
    EXPECT_EQ(ConfigIndex().changed_modules(index), (std::set<std::string>{"dummy", "ifb"}));
}

// --- load at boot ---------------------------------------------------------------------

TEST_F(ModuleConfiguratorTest, LoadAtBootWritesTheModulesLoadFile) {
    EXPECT_TRUE(configurator_.set_load_at_boot("vxlan", true, kModule, 0));
    EXPECT_TRUE(configurator_.set_load_at_boot("dummy", true, kModule, 0));
    EXPECT_FALSE(configurator_.set_load_at_boot("dummy", true, kModule, 0));
    EXPECT_EQ(managed().load_at_boot, (std::set<std::string>{"dummy", "vxlan"}));
    EXPECT_FALSE(fs::exists(layout_.owned_modprobe_file));
    EXPECT_TRUE(configurator_.set_load_at_boot("dummy", false, kModule, 0));
    EXPECT_TRUE(configurator_.set_load_at_boot("vxlan", false, kModule, 0));
    EXPECT_FALSE(fs::exists(layout_.owned_modules_load_file));
}

TEST_F(ModuleConfiguratorTest, ABlacklistedModuleCannotBeLoadedAtBoot) {
    configurator_.set_blacklisted("dummy", true, kModule, 0);
    expect_refused(ErrorCode::Blacklisted,
                   "dummy is blacklisted by " + layout_.owned_modprobe_file +
                       ":4, so it would not be loaded at boot; unblacklist it first",
                   [&] { configurator_.set_load_at_boot("dummy", true, kModule, 0); });
    write("proc/cmdline", "module_blacklist=ifb\n");
    expect_code(ErrorCode::Blacklisted, [&] { configurator_.set_load_at_boot("ifb", true, kModule, 0); });
}

TEST_F(ModuleConfiguratorTest, DisablingFailsWhileAnotherFileOrTheCommandLineLoadsIt) {
    configurator_.set_load_at_boot("dummy", true, kModule, 0);
    const std::string other = write("usr/lib/modules-load.d/dummy.conf", "# x\ndummy\n");
    write("proc/cmdline", "modules_load=dummy\n");
    expect_refused(ErrorCode::Overridden,
                   "dummy stays loaded at boot by " + other +
                       ":2 (not managed by modmgrd) and the kernel command line "
                       "(modules_load=dummy); remove that line and change the kernel command "
                       "line to stop loading it at boot",
                   [&] { configurator_.set_load_at_boot("dummy", false, kModule, 0); });
}

// --- everything -----------------------------------------------------------------------

TEST_F(ModuleConfiguratorTest, DryRunChecksEverythingAndWritesNothing) {
    EXPECT_TRUE(configurator_.set_blacklisted("dummy", true, kModule, wire::kDryRun));
    EXPECT_FALSE(fs::exists(layout_.owned_modprobe_file));
    configurator_.set_blacklisted("dummy", true, kModule, 0);
    EXPECT_FALSE(configurator_.set_blacklisted("dummy", true, kModule, wire::kDryRun));
    EXPECT_TRUE(configurator_.set_options("dummy", {"x=1"}, kModule, wire::kDryRun));
    EXPECT_TRUE(configurator_.set_load_at_boot("ifb", true, kModule, wire::kDryRun));
    EXPECT_FALSE(fs::exists(layout_.owned_modules_load_file));
    EXPECT_EQ(managed().options.size(), 0u);
    expect_code(ErrorCode::Blacklisted,
                [&] { configurator_.set_load_at_boot("dummy", true, kModule, wire::kDryRun); });
    write("etc/modprobe.d/local.conf", "blacklist dummy\n");
    expect_code(ErrorCode::Overridden,
                [&] { configurator_.set_blacklisted("dummy", false, kModule, wire::kDryRun); });
}

TEST_F(ModuleConfiguratorTest, HandWrittenLinesInOurFileAreKept) {
    write("etc/modprobe.d/zz-modmgr.conf", "# note\nblacklist ifb\noptions veth a=1\n");
    EXPECT_TRUE(configurator_.set_blacklisted("dummy", true, kModule, 0));
    EXPECT_EQ(managed().blacklisted, (std::set<std::string>{"dummy", "ifb"}));
    EXPECT_EQ(managed().options, (std::map<std::string, Strings>{{"veth", {"a=1"}}}));
}

TEST_F(ModuleConfiguratorTest, AnOwnedFileWithForeignLinesIsNeverRewritten) {
    write("etc/modprobe.d/zz-modmgr.conf", "blacklist ifb\ninstall dummy /bin/echo x\n");
    const ModuleError error = refused([&] { configurator_.set_blacklisted("dummy", true, kModule, 0); });
    EXPECT_EQ(error.code(), ErrorCode::Failed);
    EXPECT_NE(std::string(error.what()).find(layout_.owned_modprobe_file + ":2: "), std::string::npos)
        << error.what();
    // The other file is still usable.
    EXPECT_TRUE(configurator_.set_load_at_boot("dummy", true, kModule, 0));
}

// --- mask ------------------------------------------------------------------------------

TEST_F(ModuleConfiguratorTest, MaskingWritesABlacklistAndAFailingInstallLine) {
    EXPECT_TRUE(configurator_.set_masked("udp-tunnel", true, kModule, 0));
    const ModuleConfiguration configuration = ConfigIndex::read(layout_).of("udp_tunnel");
    EXPECT_TRUE(configuration.masked);
    EXPECT_TRUE(configuration.blacklisted);
    ASSERT_EQ(configuration.sources.size(), 2u);
    EXPECT_EQ(configuration.sources[0].text, "blacklist udp_tunnel");
    EXPECT_EQ(configuration.sources[1].kind, "mask");
    EXPECT_EQ(configuration.sources[1].text, "install udp_tunnel /bin/false");
    EXPECT_TRUE(configuration.sources[1].managed);

    const auto before = inodes();
    EXPECT_FALSE(configurator_.set_masked("udp_tunnel", true, kModule, 0));
    EXPECT_EQ(inodes(), before) << "rewritten although nothing changed";
}

TEST_F(ModuleConfiguratorTest, UnmaskingRemovesBothLinesAndLeavesOtherBlacklistsAlone) {
    configurator_.set_blacklisted("ifb", true, kModule, 0);
    configurator_.set_blacklisted("dummy", true, kModule, 0);
    configurator_.set_masked("dummy", true, kModule, 0);
    EXPECT_FALSE(configurator_.set_masked("ifb", false, kModule, 0)) << "ifb is not masked";
    EXPECT_TRUE(configurator_.set_masked("dummy", false, kModule, 0));
    EXPECT_EQ(managed().blacklisted, std::set<std::string>{"ifb"});
    EXPECT_TRUE(managed().masked.empty());
    configurator_.set_blacklisted("ifb", false, kModule, 0);
    EXPECT_FALSE(fs::exists(layout_.owned_modprobe_file));
}

TEST_F(ModuleConfiguratorTest, MaskingNeedsAModuleLikeBlacklisting) {
    expect_refused(ErrorCode::NotFound,
                   "cannot mask nosuch: no module nosuch in this kernel's module tree",
                   [&] { configurator_.set_masked("nosuch", true, ModuleKind::Unknown, 0); });
    expect_code(ErrorCode::Builtin, [&] { configurator_.set_masked("ext4", true, ModuleKind::Builtin, 0); });
    expect_code(ErrorCode::InvalidArgument,
                [&] { configurator_.set_masked("fs-cifs", true, ModuleKind::Alias, 0); });
    // Unmasking what the tree no longer has still works.
    EXPECT_FALSE(configurator_.set_masked("nosuch", false, ModuleKind::Unknown, 0));
}

TEST_F(ModuleConfiguratorTest, AnAdministratorsMaskCannotBeUnmaskedHere) {
    const std::string cis = write("etc/modprobe.d/cis.conf", "install dummy /bin/true\n");
    expect_refused(ErrorCode::Overridden,
                   "dummy stays masked by " + cis + ":1 (not managed by modmgrd); remove that "
                   "line to unmask it",
                   [&] { configurator_.set_masked("dummy", false, kModule, 0); });
    EXPECT_TRUE(configurator_.set_masked("dummy", true, kModule, 0)) << "ours is added beside it";
}

TEST_F(ModuleConfiguratorTest, AMaskIsLiftedBeforeItsBlacklistOrALoadAtBoot) {
    configurator_.set_masked("dummy", true, kModule, 0);
    const std::string owned = layout_.owned_modprobe_file;
    expect_refused(ErrorCode::Masked,
                   "cannot unblacklist dummy: it is masked by " + owned + ":5, which blacklists "
                   "it too; unmask it first",
                   [&] { configurator_.set_blacklisted("dummy", false, kModule, 0); });
    const std::string cis = write("etc/modprobe.d/cis.conf", "install ifb /bin/false\n");
    expect_refused(ErrorCode::Masked,
                   "cannot load ifb at boot: it is masked by " + cis + ":1, which keeps it from "
                   "loading; unmask it first",
                   [&] { configurator_.set_load_at_boot("ifb", true, kModule, 0); });
}

TEST_F(ModuleConfiguratorTest, MaskingWithDryRunWritesNothing) {
    EXPECT_TRUE(configurator_.set_masked("dummy", true, kModule, wire::kDryRun));
    EXPECT_FALSE(fs::exists(layout_.owned_modprobe_file));
}

TEST_F(ModuleConfiguratorTest, StaleTemporaryFilesAreRemovedOnConstruction) {
    write("etc/modprobe.d/.zz-modmgr.conf.AbC123", "partial");
    write("etc/modules-load.d/.zz-modmgr.conf.XyZ789", "partial");
    write("etc/modprobe.d/.other.conf.AbC123", "not ours");
    ConfigEditor fresh(layout_);
    EXPECT_FALSE(fs::exists(root_.file("etc/modprobe.d/.zz-modmgr.conf.AbC123")));
    EXPECT_FALSE(fs::exists(root_.file("etc/modules-load.d/.zz-modmgr.conf.XyZ789")));
    EXPECT_TRUE(fs::exists(root_.file("etc/modprobe.d/.other.conf.AbC123")));
    EXPECT_TRUE(fresh.set_blacklisted(PlainModuleName::checked("dummy"), true, kModule,
                                      ConfigIndex::read(layout_), 0));
    EXPECT_TRUE(fs::exists(layout_.owned_modprobe_file)) << "it edits the layout it was given";
}

} // namespace
} // namespace modmgr
