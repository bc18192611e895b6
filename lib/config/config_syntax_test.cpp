#include "config/config_syntax.h"

#include <gtest/gtest.h>

#include "base/module_error.h"
#include "support/scratch_dir.h"

namespace modmgr {
namespace {

using Strings = std::vector<std::string>;

Strings numbered(const std::vector<LogicalLine>& lines) {
    Strings result;
    for (const auto& line : lines)
        result.push_back(std::to_string(line.number) + " " + line.text);
    return result;
}

std::string statement(const std::string& line) {
    const auto parsed = parse_modprobe_line(line);
    return parsed ? parsed->keyword + "|" + parsed->module + "|" + parsed->rest : "-";
}

Strings settings(const std::string& cmdline) {
    Strings described;
    for (const auto& s : libkmod_cmdline_settings(cmdline))
        described.push_back(s.kind + " " + s.module + " " + s.option + " <" + s.word + ">");
    return described;
}

TEST(ConfigFiles, FollowLibkmodFileOrderAndHiding) {
    ScratchDir dir;
    const std::string first_b = dir.write("first/b.conf", "");
    dir.write("second/b.conf", ""); // hidden by first/b.conf
    const std::string second_a = dir.write("second/a.conf", "");
    const std::string second_alias = dir.write("second/c.alias", "");
    dir.write("second/c.txt", "");     // not a configuration file name
    dir.write("second/.hidden.conf", ""); // where writers keep their temporary files
    dir.write("second/.conf", "");
    dir.write("second/sub.conf/x.conf", ""); // a directory is not a file
    const std::string single = dir.write("single/z.conf", "");
    EXPECT_EQ(config_files({dir.file("first"), dir.file("second"), single, dir.file("missing")},
                           {".conf", ".alias"}),
              (Strings{second_a, first_b, second_alias, single}));
    EXPECT_EQ(config_files({dir.file("second")}, {".conf"}), (Strings{second_a, dir.file("second/b.conf")}));
}

TEST(ModprobeLines, JoinContinuationsAndNumberLinesWhereTheyStart) {
    EXPECT_EQ(numbered(modprobe_lines("\n\ninstall dummy /bin/true \\\n  --flag\nblacklist ifb\n")),
              (Strings{"1 ", "2 ", "3 install dummy /bin/true   --flag", "5 blacklist ifb"}));
    // A last line without a newline counts; an empty tail after the last newline does not.
    EXPECT_EQ(numbered(modprobe_lines("a\nb")), (Strings{"1 a", "2 b"}));
    EXPECT_EQ(numbered(modprobe_lines("")), Strings{});
}

TEST(ModprobeLines, ABackslashEscapesTheNextCharacterLikeLibkmod) {
    // Measured with libkmod 30: x\\y reads as x\y, x\y as xy.
    EXPECT_EQ(numbered(modprobe_lines("options m a=x\\\\y b=x\\y\n")),
              Strings{"1 options m a=x\\y b=xy"});
    EXPECT_EQ(numbered(modprobe_lines("options m a=x\\")), Strings{"1 options m a=x"});
}

TEST(ModprobeLines, ReadBackWhatModprobeEscapedWrites) {
    for (const std::string value : {"x\\", "\\\\", "a\\b\\", "#x", "plain"}) {
        const auto lines = modprobe_lines("options m k=" + modprobe_escaped(value) + "\nblacklist m\n");
        ASSERT_EQ(lines.size(), 2u) << value;
        EXPECT_EQ(lines[0].text, "options m k=" + value);
        EXPECT_EQ(lines[1].text, "blacklist m");
    }
}

TEST(ParseModprobeLine, IndexesByTheModuleALineConcerns) {
    EXPECT_EQ(statement("blacklist nf-conntrack"), "blacklist|nf_conntrack|");
    EXPECT_EQ(statement("options dummy numdummies=2  x=\"a b\""),
              "options|dummy|numdummies=2  x=\"a b\"");
    EXPECT_EQ(statement("install dummy /bin/true"), "install|dummy|/bin/true");
    EXPECT_EQ(statement("remove dummy /bin/false"), "remove|dummy|/bin/false");
    EXPECT_EQ(statement("softdep dummy pre: ifb"), "softdep|dummy|pre: ifb");
    // alias by the module it points to.
    EXPECT_EQ(statement("alias my-net dummy-x"), "alias|dummy_x|");
    EXPECT_EQ(statement(" \tblacklist\tdummy # not a comment"), "blacklist|dummy|# not a comment");
}

// Found by tests/fuzz (module_configuration): libkmod's kmod_config_add_options() turns every
// tab of an options string into a blank, inside quotes too; install and remove keep theirs.
TEST(ParseModprobeLine, OptionsHaveTheirTabsAsBlanksLikeLibkmod) {
    EXPECT_EQ(statement("options\tdummy\ta=\"x\ty\"\tb=1"), "options|dummy|a=\"x y\" b=1");
    EXPECT_EQ(statement("install dummy /bin/echo\tx"), "install|dummy|/bin/echo\tx");
    EXPECT_EQ(settings("dummy.a=\"x\ty\""), Strings{"options dummy a=\"x y\" <dummy.a=\"x\ty\">"});
}

TEST(ParseModprobeLine, HashIsACommentOnlyInTheFirstColumn) {
    EXPECT_EQ(statement("#blacklist dummy"), "-");
    // libkmod reads an indented '#' as a bad line and ignores it as well.
    EXPECT_EQ(statement("  # blacklist dummy"), "-");
    EXPECT_EQ(statement("options dummy a=#1"), "options|dummy|a=#1");
}

TEST(ParseModprobeLine, LinesLibkmodRejectsSayNothing) {
    for (const char* rejected : {"", "   ", "blacklist", "options dummy", "options dummy ",
                                 "install dummy", "softdep dummy", "alias onlyone",
                                 "blacklist bad]name", "Blacklist dummy", "include /etc/x.conf",
                                 "weakdep dummy ifb"})
        EXPECT_EQ(statement(rejected), "-") << rejected;
    // Patterns in brackets keep their dashes, as libkmod's underscores() does.
    EXPECT_EQ(statement("alias a [a-b]x"), "alias|[a-b]x|");
}

TEST(ModulesLoadLines, StripBlanksAndSkipComments) {
    EXPECT_EQ(numbered(modules_load_lines("dummy\n  ifb \t\r\n\n# c\n; c\n  #c\nnf-nat\nlast")),
              (Strings{"1 dummy", "2 ifb", "7 nf-nat", "8 last"}));
    EXPECT_EQ(numbered(modules_load_lines("")), Strings{});
}

TEST(KernelCmdlineWords, SplitOutsideQuotesAndStopAtDoubleDash) {
    EXPECT_EQ(kernel_cmdline_words("quiet  dummy.x=\"a b\"\tfoo=\"y z\" -- dummy.after=init\n"),
              (Strings{"quiet", "dummy.x=\"a b\"", "foo=\"y z\""}));
    EXPECT_EQ(kernel_cmdline_words("a --x b\n"), (Strings{"a", "--x", "b"}));
    EXPECT_EQ(kernel_cmdline_words(""), Strings{});
}

// kmod's own test suite (testsuite/rootfs-pristine/test-modprobe/module-param-kcmdline*:
// proc/cmdline and the options in correct.txt).
TEST(LibkmodCmdlineSettings, KmodsOwnCases) {
    EXPECT_EQ(settings("initrd=\\initramfs-linux.img mod_simple.foo mod_simple.bar=1 root=/dev/sda2 "
                       "rootfstype=ext4 add_efi_memmap quiet rw\n"),
              (Strings{"options mod_simple foo <mod_simple.foo>", "options mod_simple bar=1 <mod_simple.bar=1>"}));
    EXPECT_EQ(settings("testmodule.testparam=1.5G\n"),
              Strings{"options testmodule testparam=1.5G <testmodule.testparam=1.5G>"});
    EXPECT_EQ(settings("psmouse.foo psmouse.bar=1 psmouse.foobar=\"test 1\" psmouse.\"invalid option\" "
                       "\" notamodule\" \"noteamodule2 \" notamodule3 quiet rw\n"),
              (Strings{"options psmouse foo <psmouse.foo>", "options psmouse bar=1 <psmouse.bar=1>",
                       "options psmouse foobar=\"test 1\" <psmouse.foobar=\"test 1\">"}));
    EXPECT_EQ(settings("psmouse.foo=2 ivrs_acpihid[14:00.5]=AMD0020:00 psmouse.bar=1 psmouse.zinga=test\n"),
              (Strings{"options psmouse foo=2 <psmouse.foo=2>", "options psmouse bar=1 <psmouse.bar=1>",
                       "options psmouse zinga=test <psmouse.zinga=test>"}));
    const std::string dyndbg = "options parport dyndbg=\"file drivers/parport/ieee1284_ops.c +mpf\" ";
    EXPECT_EQ(settings("psmouse.foo parport.dyndbg=\"file drivers/parport/ieee1284_ops.c +mpf\" quiet rw\n"),
              (Strings{"options psmouse foo <psmouse.foo>",
                       dyndbg + "<parport.dyndbg=\"file drivers/parport/ieee1284_ops.c +mpf\">"}));
    EXPECT_EQ(settings("psmouse.foo \"parport.dyndbg=file drivers/parport/ieee1284_ops.c +mpf\" quiet rw\n"),
              (Strings{"options psmouse foo <psmouse.foo>",
                       dyndbg + "<\"parport.dyndbg=file drivers/parport/ieee1284_ops.c +mpf\">"}));
}

// Checked against libkmod 30's kmod_config_get_blacklists() and kmod_config_get_options().
TEST(LibkmodCmdlineSettings, BlacklistsSeparatorsAndWhatLibkmodTakesAsIs) {
    EXPECT_EQ(settings("modprobe.blacklist=snd-pcsp,,a_b \"modprobe.blacklist=q,r\"\n"),
              (Strings{"blacklist snd-pcsp  <modprobe.blacklist=snd-pcsp,,a_b>",
                       "blacklist   <modprobe.blacklist=snd-pcsp,,a_b>",
                       "blacklist a_b  <modprobe.blacklist=snd-pcsp,,a_b>",
                       "blacklist \"q  <\"modprobe.blacklist=q,r\">", "blacklist r\"  <\"modprobe.blacklist=q,r\">"}));
    EXPECT_EQ(settings("a.x=1\vb.y=2\rc.z=3\fd-e.f -- g.h=4 .i=5 k.=6 \"l\".m=7 n.o.p=8 q=r.s"),
              (Strings{"options a x=1 <a.x=1>", "options b y=2 <b.y=2>", "options c z=3 <c.z=3>",
                       "options d_e f <d-e.f>", "options g h=4 <g.h=4>", "options  i=5 <.i=5>",
                       "options k =6 <k.=6>"}));
    // An open quote in a value takes the rest of the line.
    EXPECT_EQ(settings("a.b=\"x c.d=1 e.f=2\" g.h=3 i.j=\"k l.m=4"),
              (Strings{"options a b=\"x c.d=1 e.f=2\" <a.b=\"x c.d=1 e.f=2\">", "options g h=3 <g.h=3>"}));
    // /proc/cmdline is a C string.
    EXPECT_EQ(settings(std::string("a.b=1\0c.d=2", 11)), Strings{"options a b=1 <a.b=1>"});
}

TEST(ReadConfigText, MissingIsEmptyAndUnreadableIsAnError) {
    ScratchDir dir;
    EXPECT_EQ(read_config_text(dir.write("a.conf", "blacklist x\n")), "blacklist x\n");
    EXPECT_EQ(read_config_text(dir.file("missing.conf")), "");
    try {
        read_config_text(dir.path()); // a directory: EISDIR
        ADD_FAILURE() << "read a directory";
    } catch (const ModuleError& e) {
        EXPECT_EQ(e.code(), ErrorCode::Failed);
        EXPECT_NE(std::string(e.what()).find(dir.path()), std::string::npos) << e.what();
    }
}

} // namespace
} // namespace modmgr
