#include "config/config_index.h"

#include <gtest/gtest.h>
#include <libkmod.h>

#include "config/owned_files.h"
#include "load/module_parameters.h"
#include "lookup/kmod_context.h"
#include "lookup/kmod_module_ptr.h"
#include "support/scratch_dir.h"
#include "support/test_kernel_tree.h"

namespace modmgr {
namespace {

using Strings = std::vector<std::string>;

Strings described(const std::vector<ConfigSource>& sources) {
    Strings result;
    for (const auto& source : sources)
        result.push_back(source.kind + " " + source.file + ":" + std::to_string(source.line) + " " +
                         source.text + (source.managed ? " (managed)" : ""));
    return result;
}

class ConfigIndexTest : public ::testing::Test {
protected:
    std::string write(const std::string& relative, const std::string& text) {
        return root_.write(relative, text);
    }
    ModuleConfiguration of(const std::string& module) { return ConfigIndex::read(layout_).of(module); }

    // What libkmod itself makes of the same configuration.
    Strings libkmod_options(const std::string& module) {
        KmodContext kmod(KmodSettings{test_modules_dir(), {}, root_.path()});
        kmod_module* raw = nullptr;
        EXPECT_GE(kmod_module_new_from_name(kmod.get(), module.c_str(), &raw), 0);
        const KmodModulePtr handle(raw);
        const char* options = kmod_module_get_options(handle.get());
        return options == nullptr ? Strings{} : split_options(options);
    }
    bool libkmod_blacklists(const std::string& module) {
        KmodContext kmod(KmodSettings{test_modules_dir(), {}, root_.path()});
        kmod_config_iter* iter = kmod_config_get_blacklists(kmod.get());
        bool found = false;
        while (!found && kmod_config_iter_next(iter))
            found = module == kmod_config_iter_get_key(iter);
        kmod_config_iter_free_iter(iter);
        return found;
    }

    ScratchDir root_;
    ConfigLayout layout_ = ConfigLayout::under(root_.path());
};

TEST_F(ConfigIndexTest, EverySourceInReadingOrderThenModulesLoadThenTheCommandLine) {
    const std::string etc_b = write("etc/modprobe.d/b.conf", "blacklist dummy\noptions dummy a=1\n");
    write("run/modprobe.d/b.conf", "blacklist dummy\n"); // hidden by /etc's b.conf
    const std::string lib_a = write("lib/modprobe.d/a.conf",
                                    "# blacklist dummy\n"
                                    "alias my-dummy dummy\n"
                                    "softdep dummy pre: ifb\n"
                                    "install dummy /bin/true \\\n  --now\n"
                                    "remove dummy /bin/false\n"
                                    "options dummy2 a=1\n");
    const std::string etc_load = write("etc/modules-load.d/x.conf", "dummy\n");
    const std::string lib_load = write("usr/lib/modules-load.d/y.conf", "# dummy\n\n  dummy  \n");
    write("proc/cmdline", "quiet modprobe.blacklist=ifb,dummy dummy.c=3 module_blacklist=dummy "
                          "modules-load=dummy,ifb rd.modules_load=dummy dummy.x.y=1 -- dummy.d=4\n");
    const std::string cmdline = root_.file("proc/cmdline");

    EXPECT_EQ(described(of("dummy").sources),
              (Strings{"alias " + lib_a + ":2 alias my-dummy dummy",
                       "softdep " + lib_a + ":3 softdep dummy pre: ifb",
                       "install " + lib_a + ":4 install dummy /bin/true   --now",
                       "remove " + lib_a + ":6 remove dummy /bin/false",
                       "blacklist " + etc_b + ":1 blacklist dummy",
                       "options " + etc_b + ":2 options dummy a=1",
                       "load " + etc_load + ":1 dummy",
                       "load " + lib_load + ":3 dummy",
                       "blacklist " + cmdline + ":0 modprobe.blacklist=ifb,dummy",
                       "options " + cmdline + ":0 dummy.c=3",
                       "options " + cmdline + ":0 dummy.d=4",
                       "blacklist " + cmdline + ":0 module_blacklist=dummy",
                       "load " + cmdline + ":0 modules-load=dummy,ifb"}));
    const ModuleConfiguration dummy = of("dummy");
    EXPECT_EQ(dummy.name, "dummy");
    EXPECT_TRUE(dummy.blacklisted);
    EXPECT_TRUE(dummy.load_at_boot);
    // libkmod reads the whole command line: "--" ends the kernel's and systemd's words only.
    EXPECT_EQ(dummy.options, (Strings{"a=1", "c=3", "d=4"}));

    const ModuleConfiguration ifb = of("ifb");
    EXPECT_EQ(described(ifb.sources),
              (Strings{"blacklist " + cmdline + ":0 modprobe.blacklist=ifb,dummy",
                       "load " + cmdline + ":0 modules-load=dummy,ifb"}));
}

TEST_F(ConfigIndexTest, DashAndUnderscoreAreTheSame) {
    const std::string conf = write("etc/modprobe.d/a.conf", "blacklist nf-conntrack\noptions nf_conntrack x=1\n");
    const std::string load = write("etc/modules-load.d/a.conf", "nf-conntrack\n");
    for (const char* name : {"nf_conntrack", "nf-conntrack"}) {
        const ModuleConfiguration configuration = of(name);
        EXPECT_EQ(configuration.name, "nf_conntrack");
        EXPECT_EQ(described(configuration.sources),
                  (Strings{"blacklist " + conf + ":1 blacklist nf-conntrack",
                           "options " + conf + ":2 options nf_conntrack x=1",
                           "load " + load + ":1 nf-conntrack"}));
    }
}

TEST_F(ConfigIndexTest, NothingConfiguredIsAnEmptyConfiguration) {
    write("etc/modprobe.d/a.conf", "blacklist dummy2\noptions dummy2 x=1\nalias dummy x\n#blacklist dummy\n");
    const ModuleConfiguration dummy = of("dummy");
    EXPECT_EQ(dummy.name, "dummy");
    EXPECT_FALSE(dummy.blacklisted);
    EXPECT_FALSE(dummy.load_at_boot);
    EXPECT_TRUE(dummy.options.empty());
    EXPECT_TRUE(dummy.sources.empty());
}

TEST_F(ConfigIndexTest, TheOwnedFilesAreMarkedManaged) {
    write("etc/modprobe.d/zz-modmgr.conf", "blacklist dummy\n");
    write("etc/modprobe.d/other.conf", "blacklist dummy\n");
    write("etc/modules-load.d/zz-modmgr.conf", "dummy\n");
    write("usr/lib/modules-load.d/zz-modmgr.conf", "ifb\n"); // hidden by the owned one
    Strings managed;
    for (const auto& source : of("dummy").sources)
        managed.push_back(source.file + (source.managed ? " managed" : ""));
    EXPECT_EQ(managed, (Strings{root_.file("etc/modprobe.d/other.conf"), layout_.owned_modprobe_file + " managed",
                                layout_.owned_modules_load_file + " managed"}));
    EXPECT_TRUE(of("ifb").sources.empty());
}

TEST_F(ConfigIndexTest, OptionsAreWhatLibkmodApplies) {
    write("etc/modprobe.d/b.conf", "options dummy numdummies=2 b=\"x y\"  c=#1\n");
    write("lib/modprobe.d/a.conf", "options dummy\ta=1 \\\n  e=x\\\\y\nblacklist dummy\n");
    write("lib/modprobe.d/c.alias", "options dummy z=last\n");
    write("run/modprobe.d/b.conf", "options dummy hidden=1\n");
    OwnedFiles managed;
    managed.options["dummy"] = {"m=a\\", "n=#x y", "o"};
    write("etc/modprobe.d/zz-modmgr.conf", render_modprobe_file(managed));
    // By file name: a.conf, b.conf, c.alias, zz-modmgr.conf.
    const Strings expected{"a=1", "e=x\\y", "numdummies=2", "b=\"x y\"", "c=#1",
                           "z=last", "m=\"a\\\"", "n=\"#x y\"", "o"};
    EXPECT_EQ(of("dummy").options, expected);
    EXPECT_EQ(libkmod_options("dummy"), expected);
}

TEST_F(ConfigIndexTest, AnInstallLineThatOnlyFailsOrSucceedsIsAMask) {
    const std::string conf = write("etc/modprobe.d/cis.conf",
                                   "install cramfs /bin/false\n"
                                   "install udf /bin/true\n"
                                   "install usb-storage  /usr/bin/false \n"
                                   "install hfs false\n"
                                   "install fuse /bin/true --now\n"
                                   "install dummy /sbin/modprobe --ignore-install dummy\n");
    const ModuleConfiguration cramfs = of("cramfs");
    EXPECT_TRUE(cramfs.masked);
    EXPECT_FALSE(cramfs.blacklisted);
    EXPECT_EQ(described(cramfs.sources), Strings{"mask " + conf + ":1 install cramfs /bin/false"});
    for (const char* masked : {"udf", "usb_storage", "hfs"})
        EXPECT_TRUE(of(masked).masked) << masked;
    for (const char* not_masked : {"fuse", "dummy"}) {
        EXPECT_FALSE(of(not_masked).masked) << not_masked;
        EXPECT_EQ(of(not_masked).sources.at(0).kind, "install") << not_masked;
    }
}

TEST_F(ConfigIndexTest, BlacklistsAreWhatLibkmodApplies) {
    write("etc/modprobe.d/a.conf", "blacklist dummy\n blacklist\tifb # why\n#blacklist veth\n"
                                   "  # blacklist tun\nblacklist bad]name\n");
    for (const char* module : {"dummy", "ifb", "veth", "tun"})
        EXPECT_EQ(of(module).blacklisted, libkmod_blacklists(module)) << module;
    EXPECT_TRUE(of("ifb").blacklisted);
}

TEST_F(ConfigIndexTest, CommandLineWordsLibkmodIgnoresAreNotOptions) {
    // As libkmod 30 reads them (kmod_config_get_options() on this command line): it takes
    // "dummy.=1" (an empty parameter name) and "dummy." (an empty options string) but not
    // the others.
    write("proc/cmdline", "dummy.x.y=1 .x=1 dummy.=1 \"dummy\".x=1 dummy.flag dummy. dummy.v=a.b "
                          "dummy.u=\"1 dummy.t=2\" ivrs_acpihid[14:00.5]=AMD0020:00\n");
    EXPECT_EQ(of("dummy").options, (Strings{"=1", "flag", "v=a.b", "u=\"1 dummy.t=2\""}));
    EXPECT_EQ(ConfigIndex().changed_modules(ConfigIndex::read(layout_)), (std::set<std::string>{"", "dummy"}));
}

// Found by tests/fuzz (module_configuration, ConfigIndex against libkmod) on kmod's own test
// suite's command lines.
TEST_F(ConfigIndexTest, CommandLineReadLikeLibkmod) {
    write("proc/cmdline", "quiet \"parport.dyndbg=file drivers/parport/ieee1284_ops.c +mpf\"\v"
                          "dummy.x=1\rdummy.y=2 modprobe.blacklist=snd-pcsp,ifb,,ifb\n");
    const std::string cmdline = root_.file("proc/cmdline");
    // GRUB quotes a whole word with blanks in its value; libkmod quotes the value instead.
    EXPECT_EQ(of("parport").options, Strings{"dyndbg=\"file drivers/parport/ieee1284_ops.c +mpf\""});
    EXPECT_EQ(described(of("parport").sources),
              Strings{"options " + cmdline + ":0 \"parport.dyndbg=file drivers/parport/ieee1284_ops.c +mpf\""});
    // Any of " \t\n\v\f\r" ends a word.
    EXPECT_EQ(of("dummy").options, (Strings{"x=1", "y=2"}));
    // libkmod compares blacklist entries with module names as they are: "snd-pcsp" is not
    // snd_pcsp, which it does not blacklist.
    EXPECT_FALSE(of("snd_pcsp").blacklisted);
    // Each entry libkmod holds is a source: ifb is listed twice.
    EXPECT_EQ(described(of("ifb").sources),
              (Strings{"blacklist " + cmdline + ":0 modprobe.blacklist=snd-pcsp,ifb,,ifb",
                       "blacklist " + cmdline + ":0 modprobe.blacklist=snd-pcsp,ifb,,ifb"}));
}

TEST_F(ConfigIndexTest, AMissingCommandLineIsEmpty) {
    write("etc/modprobe.d/a.conf", "options dummy x=1\n");
    EXPECT_EQ(of("dummy").options, Strings{"x=1"});
}

TEST_F(ConfigIndexTest, ChangedModulesAreThoseWhoseSourcesDiffer) {
    write("etc/modprobe.d/a.conf", "blacklist dummy\noptions ifb x=1\n");
    write("etc/modules-load.d/a.conf", "veth\n");
    const ConfigIndex before = ConfigIndex::read(layout_);
    EXPECT_EQ(before.changed_modules(before), std::set<std::string>{});
    EXPECT_EQ(ConfigIndex().changed_modules(before), (std::set<std::string>{"dummy", "ifb", "veth"}));

    write("etc/modprobe.d/a.conf", "blacklist dummy\noptions ifb x=2\nalias foo tun\n");
    write("etc/modules-load.d/a.conf", "");
    const ConfigIndex after = ConfigIndex::read(layout_);
    EXPECT_EQ(before.changed_modules(after), (std::set<std::string>{"ifb", "tun", "veth"}));
    EXPECT_EQ(after.changed_modules(before), (std::set<std::string>{"ifb", "tun", "veth"}));
}

TEST_F(ConfigIndexTest, ItsStampCoversEveryPathTheReadingRead) {
    write("etc/modprobe.d/a.conf", "blacklist dummy\n");
    write("usr/lib/modules-load.d/a.conf", "veth\n");
    write("proc/cmdline", "quiet\n");
    EXPECT_TRUE(ConfigIndex::read(layout_).stamp().current());
    // Each change of a size its stamp can see (see config_stamp.h).
    const std::vector<std::pair<std::string, std::string>> edits{
        {"etc/modprobe.d/a.conf", "blacklist dummy\nblacklist ifb\n"}, // a file read, edited
        {"usr/lib/modules-load.d/b.conf", "loop\n"},                    // a file added
        {"run/modprobe.d/c.conf", "blacklist tun\n"},                   // an absent directory made
        {"proc/cmdline", "quiet ifb.numifbs=2\n"},                      // the command line
        {"etc/modprobe.d/zz-modmgr.conf", "blacklist veth\n"},          // an owned file
    };
    for (const auto& [file, text] : edits) {
        const ConfigIndex before = ConfigIndex::read(layout_);
        write(file, text);
        EXPECT_FALSE(before.stamp().current()) << file;
    }
}

TEST(ConfigSourceHelpers, OptionsOfAndPlaceOf) {
    const ConfigSource file{"options", "/etc/modprobe.d/a.conf", 3, "options dummy a=1  b=\"x y\"", false};
    const ConfigSource word{"options", "/proc/cmdline", 0, "dummy.b=\"x y\"", false};
    const ConfigSource blacklist{"blacklist", "/etc/modprobe.d/a.conf", 4, "blacklist dummy", false};
    EXPECT_EQ(options_of(file), (Strings{"a=1", "b=\"x y\""}));
    EXPECT_EQ(options_of(word), Strings{"b=\"x y\""});
    EXPECT_EQ(options_of(blacklist), Strings{});
    EXPECT_EQ(place_of(file), "/etc/modprobe.d/a.conf:3");
    EXPECT_EQ(place_of(word), "the kernel command line (dummy.b=\"x y\")");
}

} // namespace
} // namespace modmgr
