#include "command_line.h"

#include "wire_contract.h"

#include <gtest/gtest.h>

namespace modmgr {
namespace {

CommandLine parsed(const std::vector<std::string>& arguments) {
    auto result = parse_command_line(arguments);
    if (auto* early = std::get_if<EarlyExit>(&result))
        ADD_FAILURE() << "early exit: " << early->text;
    return std::get<CommandLine>(result);
}

EarlyExit early_exit(const std::vector<std::string>& arguments) {
    auto result = parse_command_line(arguments);
    if (std::holds_alternative<CommandLine>(result)) {
        ADD_FAILURE() << "parsed, expected an early exit";
        return {ExitCode::Ok, ""};
    }
    return std::get<EarlyExit>(result);
}

TEST(CommandLine, List) {
    const auto line = parsed({"list"});
    EXPECT_EQ(line.command, Command::List);
    EXPECT_FALSE(line.json);
    EXPECT_EQ(line.flags(), 0u);
}

TEST(CommandLine, JsonBeforeOrAfterTheCommand) {
    EXPECT_TRUE(parsed({"--json", "list"}).json);
    EXPECT_TRUE(parsed({"info", "vxlan", "--json"}).json);
}

TEST(CommandLine, LoadWithParametersKeepsThemInOrder) {
    const auto line = parsed({"load", "vxlan", "udp_port=4790", "log_ecn_error=0"});
    EXPECT_EQ(line.command, Command::Load);
    EXPECT_EQ(line.target, "vxlan");
    EXPECT_EQ(line.parameters, (std::vector<std::string>{"udp_port=4790", "log_ecn_error=0"}));
}

TEST(CommandLine, LoadFlagsMapToTheWireBits) {
    EXPECT_EQ(parsed({"load", "x", "--dry-run"}).flags(), 0x1u);
    EXPECT_EQ(parsed({"load", "x", "--ignore-blacklist"}).flags(), 0x2u);
    EXPECT_EQ(parsed({"load", "x", "--ignore-install-commands"}).flags(), 0x8u);
    EXPECT_EQ(parsed({"load", "x", "--first-time"}).flags(), 0x10u);
    EXPECT_EQ(parsed({"--dry-run", "load", "x", "--first-time", "--ignore-blacklist"}).flags(), 0x13u);
}

TEST(CommandLine, UnloadFlagsMapToTheWireBits) {
    const auto line = parsed({"unload", "vxlan", "--no-deps", "--dry-run"});
    EXPECT_EQ(line.command, Command::Unload);
    EXPECT_EQ(line.target, "vxlan");
    EXPECT_EQ(line.flags(), 0x5u);
}

TEST(CommandLine, NoAskPasswordIsNotAWireFlag) {
    const auto line = parsed({"load", "x", "--no-ask-password"});
    EXPECT_TRUE(line.no_ask_password);
    EXPECT_EQ(line.flags(), 0u);
}

TEST(CommandLine, NameMakesAPathLikeArgumentAName) {
    const auto line = parsed({"load", "--name", "fs/btrfs"});
    EXPECT_TRUE(line.name_only);
    EXPECT_EQ(line.target, "fs/btrfs");
    EXPECT_EQ(line.flags(), 0u);
}

TEST(CommandLine, InfoTakesAPath) {
    const auto line = parsed({"info", "./vxlan.ko"});
    EXPECT_EQ(line.command, Command::Info);
    EXPECT_EQ(line.target, "./vxlan.ko");
}

TEST(CommandLine, UsageErrorsExitWithTwoAndOneLine) {
    for (const auto& arguments : std::vector<std::vector<std::string>>{
             {"frobnicate"}, {"info"}, {"load"}, {"unload"}, {"list", "extra"},
             {"--bogus", "list"}, {"config", "a", "b"}, {"help", "load", "unload"},
             {"--timeout"}, {"load", "x", "-nz"}}) {
        const auto exit = early_exit(arguments);
        EXPECT_EQ(exit.code, ExitCode::Usage);
        EXPECT_EQ(exit.text.rfind("modctl: ", 0), 0u) << exit.text;
        EXPECT_EQ(exit.text.find('\n'), exit.text.size() - 1) << exit.text;
    }
}

TEST(CommandLine, OptionsOfOtherCommandsAreRejected) {
    EXPECT_EQ(early_exit({"load", "x", "--no-deps"}).text,
              "modctl: --no-deps applies only to unload (see modctl --help)\n");
    EXPECT_EQ(early_exit({"unload", "x", "--first-time"}).text,
              "modctl: --first-time applies only to load (see modctl --help)\n");
    EXPECT_EQ(early_exit({"unload", "x", "--ignore-blacklist"}).code, ExitCode::Usage);
    EXPECT_EQ(early_exit({"unload", "x", "--ignore-install-commands"}).code, ExitCode::Usage);
    EXPECT_EQ(early_exit({"list", "--dry-run"}).code, ExitCode::Usage);
    EXPECT_EQ(early_exit({"info", "x", "--dry-run"}).code, ExitCode::Usage);
}

TEST(CommandLine, ConfigurationCommandsTakeAName) {
    const std::vector<std::pair<std::string, Command>> commands{
        {"blacklist", Command::Blacklist}, {"unblacklist", Command::Unblacklist},
        {"options", Command::Options},     {"enable", Command::Enable},
        {"disable", Command::Disable},     {"config", Command::Config},
        {"mask", Command::Mask},           {"unmask", Command::Unmask}};
    for (const auto& [name, command] : commands) {
        const auto line = parsed({name, "dummy"});
        EXPECT_EQ(line.command, command) << name;
        EXPECT_EQ(line.target, "dummy") << name;
        EXPECT_EQ(line.flags(), 0u) << name;
        EXPECT_EQ(changes_configuration(command), command != Command::Config) << name;
        if (command != Command::Config) {
            EXPECT_EQ(early_exit({name}).code, ExitCode::Usage) << name;
        }
        EXPECT_EQ(early_exit({name, "./dummy.ko"}).text,
                  "modctl: " + name + " takes a module name, not a file: ./dummy.ko (see modctl "
                  "--help)\n");
    }
    for (const auto command : {Command::List, Command::Info, Command::Load, Command::Unload,
                               Command::Permissions, Command::Monitor})
        EXPECT_FALSE(changes_configuration(command));
}

TEST(CommandLine, ConfigWithoutAModuleIsTheWholeConfiguration) {
    const auto line = parsed({"config", "--json"});
    EXPECT_EQ(line.command, Command::Config);
    EXPECT_EQ(line.target, "");
    EXPECT_TRUE(line.json);
    EXPECT_NE(early_exit({"config", "--help"}).text.find("Usage: modctl config [OPTIONS] [MODULE]"),
              std::string::npos);
}

TEST(CommandLine, StatusIsWhatModctlAloneDoes) {
    EXPECT_EQ(parsed({"status"}).command, Command::Status);
    EXPECT_EQ(parsed({}).command, Command::Status);
    const auto remote = parsed({"-H", "root@server", "--json"});
    EXPECT_EQ(remote.command, Command::Status);
    EXPECT_EQ(remote.host, "root@server");
    EXPECT_TRUE(remote.json);
    EXPECT_EQ(early_exit({"status", "dummy"}).code, ExitCode::Usage);
    EXPECT_EQ(early_exit({"--dry-run"}).code, ExitCode::Usage);
    EXPECT_FALSE(allows_interactive_authorization(parsed({"status"}), true));
}

TEST(CommandLine, OptionsTakesKeyValuesOrNoneToClear) {
    const auto line = parsed({"options", "dummy", "numdummies=3", "debug"});
    EXPECT_EQ(line.parameters, (std::vector<std::string>{"numdummies=3", "debug"}));
    EXPECT_TRUE(parsed({"options", "dummy"}).parameters.empty());
    for (const char* name : {"blacklist", "unblacklist", "enable", "disable", "config"})
        EXPECT_EQ(early_exit({name, "dummy", "numdummies=3"}).code, ExitCode::Usage) << name;
}

TEST(CommandLine, DryRunForEveryChangeButNotForConfig) {
    for (const char* name : {"blacklist", "unblacklist", "options", "enable", "disable"})
        EXPECT_EQ(parsed({"--dry-run", name, "dummy"}).flags(), 0x1u) << name;
    EXPECT_EQ(early_exit({"config", "dummy", "--dry-run"}).text,
              "modctl: --dry-run applies only to load, unload, blacklist, unblacklist, mask, "
              "unmask, options, enable and disable (see modctl --help)\n");
}

TEST(CommandLine, NowOnlyForEnableDisableAndMask) {
    EXPECT_TRUE(parsed({"enable", "dummy", "--now"}).now);
    EXPECT_TRUE(parsed({"--now", "disable", "dummy"}).now);
    EXPECT_TRUE(parsed({"mask", "--now", "dummy"}).now);
    // --now is modctl's own sequencing, not a wire flag.
    EXPECT_EQ(parsed({"enable", "dummy", "--now", "--dry-run"}).flags(), 0x1u);
    EXPECT_FALSE(parsed({"enable", "dummy"}).now);
    EXPECT_EQ(early_exit({"load", "dummy", "--now"}).text,
              "modctl: --now applies only to mask, enable and disable (see modctl --help)\n");
    for (const char* name : {"blacklist", "unblacklist", "unmask", "options", "config", "unload"})
        EXPECT_EQ(early_exit({name, "dummy", "--now"}).code, ExitCode::Usage) << name;
}

TEST(CommandLine, LoadOptionsDoNotApplyToConfiguration) {
    EXPECT_EQ(early_exit({"enable", "dummy", "--ignore-blacklist"}).code, ExitCode::Usage);
    EXPECT_EQ(early_exit({"disable", "dummy", "--no-deps"}).code, ExitCode::Usage);
    EXPECT_EQ(early_exit({"blacklist", "dummy", "--first-time"}).code, ExitCode::Usage);
    EXPECT_EQ(early_exit({"options", "dummy", "--name"}).code, ExitCode::Usage);
    EXPECT_EQ(early_exit({"config", "dummy", "--ignore-install-commands"}).code, ExitCode::Usage);
}

TEST(CommandLine, UnloadRefusesAFile) {
    EXPECT_EQ(early_exit({"unload", "./vxlan.ko"}).text,
              "modctl: unload takes a module name, not a file: ./vxlan.ko (see modctl --help)\n");
}

TEST(CommandLine, PermissionsAndMonitor) {
    EXPECT_EQ(parsed({"permissions"}).command, Command::Permissions);
    const auto monitor = parsed({"monitor", "--json"});
    EXPECT_EQ(monitor.command, Command::Monitor);
    EXPECT_TRUE(monitor.json);
    EXPECT_EQ(monitor.target, "");
    EXPECT_EQ(parsed({"monitor", "vxlan", "ip6-udp-tunnel"}).targets(),
              (std::vector<std::string>{"vxlan", "ip6-udp-tunnel"}));
    EXPECT_NE(early_exit({"monitor", "--help"}).text.find("Usage: modctl monitor [OPTIONS] [MODULE...]"),
              std::string::npos);
    EXPECT_EQ(early_exit({"monitor", "--dry-run"}).code, ExitCode::Usage);
    EXPECT_EQ(early_exit({"permissions", "vxlan"}).code, ExitCode::Usage);
    EXPECT_EQ(early_exit({"permissions", "--no-deps"}).code, ExitCode::Usage);
}

TEST(CommandLine, HostForEveryCommandBeforeOrAfterIt) {
    EXPECT_EQ(parsed({"-H", "root@server", "list"}).host, "root@server");
    EXPECT_EQ(parsed({"--host", "server", "unload", "vxlan"}).host, "server");
    EXPECT_EQ(parsed({"monitor", "--host=admin@server"}).host, "admin@server");
    EXPECT_EQ(parsed({"permissions", "-H", "server"}).host, "server");
    EXPECT_EQ(parsed({"enable", "dummy", "--now", "-H", "server"}).host, "server");
    EXPECT_EQ(parsed({"-H", "root@server", "config", "dummy"}).host, "root@server");
    EXPECT_EQ(parsed({"load", "vxlan", "-H", "server", "udp_port=4790"}).parameters,
              (std::vector<std::string>{"udp_port=4790"}));
    EXPECT_EQ(parsed({"list"}).host, "");
}

TEST(CommandLine, HostNeedsAName) {
    EXPECT_EQ(early_exit({"--host", "", "list"}).text,
              "modctl: --host needs a [USER@]HOST (see modctl --help)\n");
    EXPECT_EQ(early_exit({"list", "-H"}).code, ExitCode::Usage);
}

TEST(CommandLine, HostRefusesAModuleFile) {
    EXPECT_EQ(early_exit({"-H", "server", "load", "./my_driver.ko"}).text,
              "modctl: a module file cannot be used with --host (an open file cannot be passed "
              "over ssh): ./my_driver.ko (see modctl --help)\n");
    EXPECT_EQ(early_exit({"-H", "server", "info", "/tmp/vxlan.ko.xz"}).code, ExitCode::Usage);
    // A name, or a path the remote daemon resolves itself, is fine.
    EXPECT_EQ(parsed({"-H", "server", "info", "--name", "kernel/net/vxlan.ko"}).target,
              "kernel/net/vxlan.ko");
    EXPECT_EQ(parsed({"-H", "server", "load", "vxlan"}).target, "vxlan");
}

TEST(CommandLine, HelpDocumentsCommandsJsonSchemasAndExitCodes) {
    const auto help = early_exit({"--help"});
    EXPECT_EQ(help.code, ExitCode::Ok);
    for (const char* expected :
         {"list", "info", "load", "unload", "permissions", "monitor", "blacklist", "unblacklist",
          "options", "enable", "disable", "config", "status", "tree", "--host", "--json", "--dry-run",
          "--no-deps", "--field", "--no-pager", "--no-legend", "--reverse", "--json=pretty",
          "--ignore-blacklist", "--ignore-install-commands", "--first-time", "--now",
          "--no-ask-password", "--version", "JSON OUTPUT", MODMGR_JSON_SCHEMA_DIR, "EXIT STATUS",
          " 9  modmgrd", "11  a configuration file"})
        EXPECT_NE(help.text.find(expected), std::string::npos) << expected;
}

TEST(CommandLine, ACommandsHelpShowsItsArgumentsAndOnlyTheOptionsItTakes) {
    const auto unload = early_exit({"unload", "--help"});
    EXPECT_EQ(unload.code, ExitCode::Ok);
    EXPECT_EQ(unload.text.rfind("Unload a module", 0), 0u) << unload.text;
    for (const char* expected : {"Usage: modctl unload [OPTIONS] MODULE", "--host", "--json",
                                 "--dry-run", "--no-deps", "--no-ask-password"})
        EXPECT_NE(unload.text.find(expected), std::string::npos) << expected;
    for (const char* absent : {"--first-time", "--ignore-blacklist", "--now", "--name", "KEY=VALUE",
                               "EXIT STATUS"})
        EXPECT_EQ(unload.text.find(absent), std::string::npos) << absent;
    const auto load = early_exit({"-h", "load"});
    EXPECT_NE(load.text.find("KEY=VALUE..."), std::string::npos);
    EXPECT_NE(load.text.find("--first-time"), std::string::npos);
    EXPECT_EQ(load.text.find("--no-deps"), std::string::npos);
}

TEST(CommandLine, InteractiveAuthorizationOnlyForChangesOnATerminal) {
    EXPECT_TRUE(allows_interactive_authorization(parsed({"load", "x"}), true));
    EXPECT_TRUE(allows_interactive_authorization(parsed({"unload", "x"}), true));
    EXPECT_FALSE(allows_interactive_authorization(parsed({"load", "x"}), false));
    EXPECT_FALSE(allows_interactive_authorization(parsed({"load", "x", "--no-ask-password"}), true));
    EXPECT_FALSE(allows_interactive_authorization(parsed({"list"}), true));
    EXPECT_FALSE(allows_interactive_authorization(parsed({"info", "x"}), true));
    EXPECT_FALSE(allows_interactive_authorization(parsed({"permissions"}), true));
    for (const char* name : {"blacklist", "unblacklist", "options", "enable", "disable"}) {
        EXPECT_TRUE(allows_interactive_authorization(parsed({name, "x"}), true)) << name;
        EXPECT_FALSE(allows_interactive_authorization(parsed({name, "x"}), false)) << name;
        EXPECT_FALSE(allows_interactive_authorization(parsed({name, "x", "--no-ask-password"}), true))
            << name;
    }
    EXPECT_FALSE(allows_interactive_authorization(parsed({"config", "x"}), true));
}

TEST(CommandLine, RemoteCallsNeverAllowInteractiveAuthorization) {
    EXPECT_FALSE(allows_interactive_authorization(parsed({"-H", "root@server", "load", "x"}), true));
    EXPECT_FALSE(allows_interactive_authorization(parsed({"unload", "x", "-H", "server"}), true));
    EXPECT_FALSE(allows_interactive_authorization(parsed({"enable", "x", "-H", "server"}), true));
}

TEST(CommandLine, UnloadAndInfoTakeSeveralModules) {
    const auto unload = parsed({"unload", "dummy", "vxlan", "--dry-run"});
    EXPECT_EQ(unload.targets(), (std::vector<std::string>{"dummy", "vxlan"}));
    EXPECT_EQ(parsed({"info", "dummy", "./vxlan.ko"}).further_targets,
              (std::vector<std::string>{"./vxlan.ko"}));
    EXPECT_EQ(parsed({"unload", "dummy"}).targets(), (std::vector<std::string>{"dummy"}));
    EXPECT_EQ(early_exit({"unload", "dummy", "./vxlan.ko"}).text,
              "modctl: unload takes a module name, not a file: ./vxlan.ko (see modctl --help)\n");
}

TEST(CommandLine, LoadAllTakesModulesWhereLoadTakesParameters) {
    const auto plain = parsed({"load", "dummy", "numdummies=3", "debug"});
    EXPECT_TRUE(plain.further_targets.empty());
    EXPECT_EQ(plain.parameters, (std::vector<std::string>{"numdummies=3", "debug"}));
    for (const char* all : {"-a", "--all"}) {
        const auto line = parsed({"load", all, "dummy", "vxlan", "debug"});
        EXPECT_EQ(line.targets(), (std::vector<std::string>{"dummy", "vxlan", "debug"}));
        EXPECT_TRUE(line.parameters.empty());
        EXPECT_EQ(line.flags(), 0u);
    }
    EXPECT_EQ(early_exit({"load", "-a", "dummy", "numdummies=3"}).text,
              "modctl: with --all every argument is a module, and numdummies=3 is a parameter: "
              "load one module to pass parameters (see modctl --help)\n");
    // modprobe -ra: unload takes several anyway.
    EXPECT_EQ(parsed({"unload", "-a", "dummy", "vxlan"}).further_targets.size(), 1u);
    EXPECT_EQ(early_exit({"info", "-a", "dummy"}).code, ExitCode::Usage);
}

TEST(CommandLine, ShortFormsAloneOrTogether) {
    EXPECT_EQ(parsed({"load", "-n", "vxlan"}).flags(), 0x1u);
    const auto bundled = parsed({"unload", "-qn", "vxlan"});
    EXPECT_TRUE(bundled.quiet);
    EXPECT_EQ(bundled.flags(), 0x1u);
    const auto three = parsed({"load", "-naq", "dummy", "vxlan"});
    EXPECT_TRUE(three.all && three.quiet && three.dry_run);
    EXPECT_EQ(early_exit({"load", "-nx", "dummy"}).text,
              "modctl: unknown option -nx (see modctl --help)\n");
}

TEST(CommandLine, QuietOnlyForTheCommandsThatChangeSomething) {
    for (const char* name : {"load", "unload", "blacklist", "unblacklist", "options", "enable",
                             "disable"})
        EXPECT_TRUE(parsed({name, "dummy", "--quiet"}).quiet) << name;
    for (const std::vector<std::string>& arguments :
         std::vector<std::vector<std::string>>{{"list", "-q"}, {"info", "x", "-q"},
                                               {"config", "x", "-q"}, {"permissions", "-q"},
                                               {"monitor", "-q"}})
        EXPECT_EQ(early_exit(arguments).code, ExitCode::Usage) << arguments.front();
}

TEST(CommandLine, TimeoutInWholeSecondsForChanges) {
    EXPECT_FALSE(parsed({"load", "dummy"}).timeout.has_value());
    EXPECT_EQ(parsed({"load", "dummy", "--timeout=30"}).timeout, std::chrono::seconds(30));
    EXPECT_EQ(parsed({"--timeout", "1", "disable", "dummy"}).timeout, std::chrono::seconds(1));
    EXPECT_EQ(parsed({"unload", "--timeout=86400", "dummy"}).timeout, kMaxTimeout);
    for (const char* value : {"0", "86401", "abc", "5s", "-1", "", "1.5", "9999999", " 5"})
        EXPECT_EQ(early_exit({"load", "dummy", std::string("--timeout=") + value}).text,
                  std::string("modctl: --timeout takes a whole number of seconds from 1 to "
                              "86400, not '") + value + "' (see modctl --help)\n")
            << value;
    EXPECT_EQ(early_exit({"list", "--timeout=5"}).text,
              "modctl: --timeout applies only to load, unload, blacklist, unblacklist, mask, "
              "unmask, options, enable and disable (see modctl --help)\n");
    EXPECT_EQ(early_exit({"config", "x", "--timeout", "5"}).code, ExitCode::Usage);
}

TEST(CommandLine, HelpCommandIsTheHelp) {
    EXPECT_EQ(early_exit({"help"}).text, early_exit({"--help"}).text);
    EXPECT_EQ(early_exit({"help"}).code, ExitCode::Ok);
    EXPECT_EQ(early_exit({"help", "load"}).text, early_exit({"load", "--help"}).text);
    EXPECT_EQ(early_exit({"help", "help"}).text.rfind("Show this help", 0), 0u);
    EXPECT_NE(early_exit({"help", "--help"}).text.find("Usage: modctl help [OPTIONS] [COMMAND]"),
              std::string::npos);
    EXPECT_EQ(early_exit({"help", "lod"}).text,
              "modctl: unknown command 'lod' (did you mean 'load'?); modctl help lists the "
              "commands\n");
}

TEST(CommandLine, AnUnknownCommandSaysWhereTheListIs) {
    const auto typo = early_exit({"lsit"});
    EXPECT_EQ(typo.code, ExitCode::Usage);
    EXPECT_EQ(typo.text, "modctl: unknown command 'lsit' (did you mean 'list'?); modctl help "
                         "lists the commands\n");
    EXPECT_EQ(early_exit({"frobnicate", "--json"}).text,
              "modctl: unknown command 'frobnicate'; modctl help lists the commands\n");
}

TEST(CommandLine, HelpShowsShortFormsTheTimeoutAndItsExitStatus) {
    const auto help = early_exit({"--help"}).text;
    for (const char* expected : {"-n,--dry-run", "-q,--quiet", "-a,--all", "--timeout=SECONDS",
                                 "13  modctl stopped waiting", "SEVERAL MODULES", "help "})
        EXPECT_NE(help.find(expected), std::string::npos) << expected;
    const auto unload = early_exit({"unload", "--help"}).text;
    EXPECT_NE(unload.find("Usage: modctl unload [OPTIONS] MODULE..."), std::string::npos);
    EXPECT_NE(unload.find("--timeout=SECONDS"), std::string::npos);
    const auto list = early_exit({"list", "--help"}).text;
    for (const char* absent : {"--timeout", "--quiet", "--all"})
        EXPECT_EQ(list.find(absent), std::string::npos) << absent;
}

TEST(CommandLine, JsonModes) {
    EXPECT_EQ(parsed({"list", "--json"}).json_mode, JsonMode::Short);
    EXPECT_EQ(parsed({"list", "--json=short"}).json_mode, JsonMode::Short);
    const auto pretty = parsed({"--json=pretty", "info", "vxlan"});
    EXPECT_TRUE(pretty.json);
    EXPECT_EQ(pretty.json_mode, JsonMode::Pretty);
    EXPECT_FALSE(parsed({"list", "--json=off"}).json);
    EXPECT_FALSE(parsed({"list", "--json", "--json=off"}).json);
    EXPECT_EQ(early_exit({"list", "--json=yaml"}).text,
              "modctl: --json takes short, pretty or off, not yaml (see modctl --help)\n");
    EXPECT_EQ(early_exit({"list", "--json="}).code, ExitCode::Usage);
}

TEST(CommandLine, FieldInEveryFormForInfoOnly) {
    EXPECT_EQ(parsed({"info", "e1000e", "-F", "parm"}).field, "parm");
    EXPECT_EQ(parsed({"-Falias", "info", "e1000e"}).field, "alias");
    EXPECT_EQ(parsed({"info", "--field", "depends", "e1000e"}).target, "e1000e");
    EXPECT_EQ(parsed({"info", "--field=loaded", "e1000e"}).field, "loaded");
    EXPECT_EQ(parsed({"info", "e1000e"}).field, "");
    EXPECT_EQ(early_exit({"list", "-F", "parm"}).text,
              "modctl: --field applies only to info (see modctl --help)\n");
    EXPECT_EQ(early_exit({"info", "e1000e", "-F"}).text,
              "modctl: --field needs a FIELD (see modctl --help)\n");
    EXPECT_EQ(early_exit({"info", "e1000e", "--field="}).code, ExitCode::Usage);
    EXPECT_EQ(early_exit({"info", "e1000e", "-F", "parm", "--json"}).text,
              "modctl: --field and --json cannot be used together (see modctl --help)\n");
    EXPECT_EQ(parsed({"info", "e1000e", "-F", "parm", "--json=off"}).field, "parm");
}

TEST(CommandLine, TreeWithOrWithoutAModule) {
    const auto every = parsed({"tree"});
    EXPECT_EQ(every.command, Command::Tree);
    EXPECT_EQ(every.target, "");
    EXPECT_FALSE(every.reverse);
    const auto holders = parsed({"tree", "--reverse", "udp_tunnel"});
    EXPECT_EQ(holders.target, "udp_tunnel");
    EXPECT_TRUE(holders.reverse);
    EXPECT_EQ(early_exit({"tree", "a", "b"}).code, ExitCode::Usage);
    EXPECT_EQ(early_exit({"tree", "./vxlan.ko"}).code, ExitCode::Usage);
    EXPECT_EQ(early_exit({"list", "--reverse"}).text,
              "modctl: --reverse applies only to tree (see modctl --help)\n");
    EXPECT_NE(early_exit({"tree", "--help"}).text.find("Usage: modctl tree [OPTIONS] [MODULE]"),
              std::string::npos);
}

TEST(CommandLine, DevicesAndLoadForADevice) {
    const auto unbound = parsed({"devices", "--unbound", "--json"});
    EXPECT_EQ(unbound.command, Command::Devices);
    EXPECT_EQ(unbound.flags(), wire::kUnbound);
    EXPECT_EQ(parsed({"devices"}).flags(), 0u);
    EXPECT_EQ(early_exit({"devices", "pci/0000:00:03.0"}).code, ExitCode::Usage);
    EXPECT_EQ(early_exit({"list", "--unbound"}).text,
              "modctl: --unbound applies only to devices (see modctl --help)\n");
    const auto for_device = parsed({"load", "--for-device", "pci/0000:00:03.0", "--dry-run"});
    EXPECT_EQ(for_device.for_device, "pci/0000:00:03.0");
    EXPECT_EQ(for_device.target, "");
    EXPECT_EQ(for_device.flags(), wire::kDryRun);
    EXPECT_EQ(parsed({"load", "-D", "usb/1-1:1.0"}).for_device, "usb/1-1:1.0");
    EXPECT_EQ(early_exit({"load", "--for-device", "pci/0000:00:03.0", "e1000e"}).text,
              "modctl: load --for-device takes no MODULE or parameters: e1000e (see modctl --help)\n");
    EXPECT_EQ(early_exit({"load", "--for-device"}).code, ExitCode::Usage);
    EXPECT_EQ(early_exit({"unload", "dummy", "--for-device", "pci/x"}).text,
              "modctl: --for-device applies only to load (see modctl --help)\n");
}

TEST(CommandLine, NoPagerForEveryCommandNoLegendForTables) {
    EXPECT_TRUE(parsed({"--no-pager", "list"}).no_pager);
    EXPECT_TRUE(parsed({"load", "dummy", "--no-pager"}).no_pager);
    EXPECT_TRUE(parsed({"list", "--no-legend"}).no_legend);
    EXPECT_EQ(early_exit({"info", "dummy", "--no-legend"}).text,
              "modctl: --no-legend applies only to list, config, devices and search (see modctl --help)\n");
}

TEST(CommandLine, SearchTakesOneQueryOfAnyText) {
    const auto search = parsed({"search", "PRO/1000", "--json", "--no-legend"});
    EXPECT_EQ(search.command, Command::Search);
    EXPECT_EQ(search.target, "PRO/1000");
    EXPECT_TRUE(search.json);
    EXPECT_TRUE(search.no_legend);
    EXPECT_EQ(search.flags(), 0u);
    EXPECT_EQ(parsed({"search", "--", "-r"}).target, "-r");
    EXPECT_EQ(early_exit({"search"}).text, "modctl: search needs a QUERY (see modctl --help)\n");
    EXPECT_EQ(early_exit({"search", "a", "b"}).code, ExitCode::Usage);
    EXPECT_EQ(early_exit({"search", "dummy", "--dry-run"}).code, ExitCode::Usage);
    EXPECT_NE(early_exit({"search", "--help"}).text.find("Usage: modctl search [OPTIONS] QUERY"),
              std::string::npos);
    EXPECT_TRUE(pages_output(Command::Search));
}

TEST(CommandLine, OnlyWhatAPersonReadsIsPaged) {
    for (const auto command : {Command::List, Command::Info, Command::Config, Command::Permissions,
                               Command::Tree})
        EXPECT_TRUE(pages_output(command));
    for (const auto command : {Command::Monitor, Command::Load, Command::Unload, Command::Enable})
        EXPECT_FALSE(pages_output(command));
}

TEST(CommandLine, Version) {
    const auto version = early_exit({"--version"});
    EXPECT_EQ(version.code, ExitCode::Ok);
    EXPECT_EQ(version.text, "modctl " MODMGR_VERSION "\n");
}

} // namespace
} // namespace modmgr
