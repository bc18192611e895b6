#include "module_service.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <unistd.h>

#include <gtest/gtest.h>

#include "base/module_error.h"
#include "support/scratch_dir.h"
#include "support/simulated_kernel.h"
#include "support/test_kernel_tree.h"
#include "wire_contract.h"

namespace modmgr {
namespace {

using Names = std::vector<std::string>;

// The service's entry points with their input checked, as modmgrd's boundary checks it, and
// in the order modmgrd calls them: plan (the locks' footprint), then carry out.
LoadResult load(ModuleService& service, const std::string& name, const Names& parameters,
                uint64_t flags, int64_t caller_uid = -1) {
    PlannedLoad planned =
        service.plan_load(ModuleName::checked(name), ModuleParameters::checked(parameters), flags);
    return service.load(planned, caller_uid);
}
std::string load_file(ModuleService& service, const ModuleImage& image, const Names& parameters,
                      uint64_t flags) {
    return service.load_file(image, ModuleParameters::checked(parameters), flags);
}
Names unload(ModuleService& service, const std::string& name, uint64_t flags,
             int64_t caller_uid = -1) {
    return service.unload_loaded(service.unload_target(ModuleName::checked(name)), name, flags,
                                 caller_uid);
}

class ModuleServiceTest : public ::testing::Test {
protected:
    ModuleServiceTest()
        : kmod_(KmodSettings{test_modules_dir(), {config_.path()}}), service_(kmod_, kernel_) {}

    template <typename Call>
    ModuleError error_of(Call call) {
        try {
            call();
        } catch (const ModuleError& error) {
            return error;
        }
        throw std::runtime_error("the call did not fail");
    }
    void expect_error(ErrorCode code, const std::string& text, const std::function<void()>& call) {
        const ModuleError error = error_of(call);
        EXPECT_EQ(error_code_name(error.code()), std::string(error_code_name(code))) << error.what();
        EXPECT_NE(std::string(error.what()).find(text), std::string::npos) << error.what();
    }
    int open_module(const std::string& relative) {
        const int fd = ::open((test_modules_dir() + "/" + relative).c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            throw std::runtime_error("cannot open " + relative);
        fds_.push_back(fd);
        return fd;
    }
    ~ModuleServiceTest() override {
        for (int fd : fds_)
            ::close(fd);
    }

    ScratchDir config_;
    SimulatedKernel kernel_;
    KmodContext kmod_;
    ModuleService service_;
    std::vector<int> fds_;
};

// --- Load -------------------------------------------------------------------------------

TEST_F(ModuleServiceTest, LoadsDependenciesFirst) {
    const LoadResult result = load(service_, "vxlan", {}, 0);
    EXPECT_EQ(result.inserted, (Names{"udp_tunnel", "ip6_udp_tunnel", "vxlan"}));
    EXPECT_EQ(kernel_.inserted(), result.inserted);
}

TEST_F(ModuleServiceTest, LoadedDependenciesAreSkipped) {
    kernel_.add("udp_tunnel");
    EXPECT_EQ(load(service_, "vxlan", {}, 0).inserted, (Names{"ip6_udp_tunnel", "vxlan"}));
}

TEST_F(ModuleServiceTest, ConfiguredOptionsComeFirstAndTheCallerWins) {
    config_.write("o.conf", "options dummy numdummies=2\n");
    load(service_, "dummy", {"numdummies=7"}, 0);
    EXPECT_EQ(kernel_.options().at("dummy"), "numdummies=2 numdummies=7");
}

TEST_F(ModuleServiceTest, AliasesResolve) {
    EXPECT_EQ(load(service_, "rtnl-link-dummy", {}, 0).inserted, Names{"dummy"});
}

TEST_F(ModuleServiceTest, BlacklistedByNameNamesTheFileAndLine) {
    const std::string conf = config_.write("test.conf", "# comment\nblacklist dummy\n");
    const ModuleError error = error_of([&] { load(service_, "dummy", {}, 0); });
    EXPECT_EQ(error.code(), ErrorCode::Blacklisted);
    // Only the fact: each client says how to get round it in its own terms.
    EXPECT_STREQ(error.what(), ("dummy is blacklisted by " + conf + ":2").c_str());
    EXPECT_TRUE(kernel_.inserted().empty());
}

TEST_F(ModuleServiceTest, ABlacklistedModuleInTheKernelAlreadyIsLoadedNotRefused) {
    config_.write("test.conf", "blacklist dummy\nblacklist unix\n");
    kernel_.add("dummy");
    EXPECT_EQ(service_.load_targets(ModuleName::checked("dummy"), 0), Names{"dummy"});
    EXPECT_TRUE(load(service_, "dummy", {}, 0).inserted.empty());
    EXPECT_TRUE(load(service_, "unix", {}, 0).inserted.empty());
    expect_error(ErrorCode::AlreadyLoaded, "dummy is already loaded",
                 [&] { load(service_, "dummy", {}, wire::kFirstTime); });
    EXPECT_TRUE(kernel_.inserted().empty());
}

TEST_F(ModuleServiceTest, BlacklistedByAlias) {
    const std::string conf = config_.write("test.conf", "blacklist dummy\n");
    expect_error(ErrorCode::Blacklisted,
                 "dummy (matched by rtnl-link-dummy) is blacklisted by " + conf + ":1",
                 [&] { load(service_, "rtnl-link-dummy", {}, 0); });
}

// --- masks ------------------------------------------------------------------------------

TEST_F(ModuleServiceTest, AMaskedModuleIsRefusedByNameAndByAliasWhateverTheFlags) {
    const std::string conf = config_.write("zz.conf", "blacklist dummy\ninstall dummy /bin/false\n");
    for (const uint64_t flags : {uint64_t{0}, uint64_t{wire::kDryRun}, uint64_t{wire::kIgnoreBlacklist},
                                 uint64_t{wire::kIgnoreInstallCommands},
                                 uint64_t{wire::kIgnoreBlacklist | wire::kIgnoreInstallCommands}}) {
        for (const char* name : {"dummy", "rtnl-link-dummy"})
            expect_error(ErrorCode::Masked,
                         std::string("cannot load ") + name + ": dummy is masked by " + conf + ":2",
                         [&] { load(service_, name, {}, flags); });
        expect_error(ErrorCode::Masked, "dummy is masked",
                     [&] { service_.load_targets(ModuleName::checked("dummy"), flags); });
    }
    EXPECT_TRUE(kernel_.inserted().empty());
}

TEST_F(ModuleServiceTest, AMaskWithoutABlacklistLineRefusesTooAndSoDoesAMaskedLoadedModule) {
    config_.write("cis.conf", "install dummy /bin/true\n");
    expect_error(ErrorCode::Masked, "dummy is masked", [&] { load(service_, "dummy", {}, 0); });
    kernel_.add("dummy");
    expect_error(ErrorCode::Masked, "dummy is masked", [&] { load(service_, "dummy", {}, 0); });
}

TEST_F(ModuleServiceTest, AMaskedDependencyOrSoftdepRefusesTheLoadBeforeAnyInsert) {
    const std::string conf = config_.write("m.conf", "install udp_tunnel /bin/false\n");
    for (const uint64_t flags : {uint64_t{0}, uint64_t{wire::kDryRun}})
        expect_error(ErrorCode::Masked, "cannot load vxlan: udp_tunnel is masked by " + conf + ":1",
                     [&] { load(service_, "vxlan", {}, flags); });
    // kmod 30 ignores the install command of a module with softdeps; modmgrd refuses still.
    config_.write("m.conf", "install ifb /bin/false\nsoftdep dummy pre: ifb\nsoftdep ifb post: veth\n");
    expect_error(ErrorCode::Masked, "cannot load dummy: ifb is masked",
                 [&] { load(service_, "dummy", {}, 0); });
    expect_error(ErrorCode::Masked, "cannot load ifb: ifb is masked",
                 [&] { load(service_, "ifb", {}, 0); });
    EXPECT_TRUE(kernel_.inserted().empty());
}

TEST_F(ModuleServiceTest, AnAliasLoadsItsMatchesThatAreNotMasked) {
    config_.write("a.conf", "alias netdevs dummy\nalias netdevs ifb\nblacklist ifb\ninstall ifb /bin/false\n");
    EXPECT_EQ(load(service_, "netdevs", {}, 0).inserted, Names{"dummy"});
    expect_error(ErrorCode::Masked, "ifb is masked",
                 [&] { load(service_, "netdevs", {}, wire::kIgnoreBlacklist); });
}

TEST_F(ModuleServiceTest, LoadFileOfAMaskedModuleIsRefused) {
    const std::string conf = config_.write("m.conf", "install dummy /bin/false\n");
    for (const uint64_t flags : {uint64_t{0}, uint64_t{wire::kDryRun}}) {
        const int fd = open_module("kernel/drivers/net/dummy.ko");
        expect_error(ErrorCode::Masked, "cannot load dummy: dummy is masked by " + conf + ":1",
                     [&] { load_file(service_, ModuleImage::from_caller_fd(fd), {}, flags); });
    }
    EXPECT_TRUE(kernel_.inserted().empty());
}

TEST_F(ModuleServiceTest, IgnoreBlacklistLoadsAnyway) {
    config_.write("test.conf", "blacklist dummy\n");
    EXPECT_EQ(load(service_, "dummy", {}, wire::kIgnoreBlacklist).inserted, Names{"dummy"});
}

TEST_F(ModuleServiceTest, BlacklistOnlyDropsTheBlacklistedMatches) {
    config_.write("test.conf", "alias netdevs dummy\nalias netdevs ifb\nblacklist ifb\n");
    EXPECT_EQ(load(service_, "netdevs", {}, 0).inserted, Names{"dummy"});
}

TEST_F(ModuleServiceTest, BuiltinIsSuccessUnlessFirstTime) {
    EXPECT_TRUE(load(service_, "unix", {}, 0).inserted.empty());
    expect_error(ErrorCode::AlreadyLoaded, "unix is built into the kernel",
                 [&] { load(service_, "unix", {}, wire::kFirstTime); });
    EXPECT_TRUE(kernel_.inserted().empty());
}

TEST_F(ModuleServiceTest, AlreadyLoadedIsSuccessUnlessFirstTime) {
    kernel_.add("dummy");
    EXPECT_TRUE(load(service_, "dummy", {}, 0).inserted.empty());
    expect_error(ErrorCode::AlreadyLoaded, "dummy is already loaded",
                 [&] { load(service_, "dummy", {}, wire::kFirstTime); });
    EXPECT_TRUE(kernel_.inserted().empty());
}

TEST_F(ModuleServiceTest, UnknownParametersAreRefusedBeforeAnyInsert) {
    expect_error(ErrorCode::InvalidArgument,
                 "unknown parameter 'bogus' for module dummy (it has: numdummies)",
                 [&] { load(service_, "dummy", {"numdummies=1", "bogus=1"}, 0); });
    expect_error(ErrorCode::InvalidArgument, "unknown parameter 'x' for module vxlan",
                 [&] { load(service_, "vxlan", {"x"}, 0); });
    EXPECT_TRUE(kernel_.inserted().empty());
    EXPECT_EQ(load(service_, "dummy", {"dyndbg=+p", "numdummies=1"}, 0).inserted, Names{"dummy"});
}

TEST_F(ModuleServiceTest, ValuesTheDeclaredTypeDoesNotTakeAreRefusedBeforeAnyInsert) {
    expect_error(ErrorCode::InvalidArgument, "numdummies is an int: 'a b' is not one",
                 [&] { load(service_, "dummy", {"numdummies=a b"}, 0); });
    expect_error(ErrorCode::InvalidArgument, "TxIntDelay is an array of int: element 2, 'x',",
                 [&] { load(service_, "e1000e", {"TxIntDelay=1,x"}, 0); });
    expect_error(ErrorCode::InvalidArgument, "numdummies is an int: it needs a value",
                 [&] { load(service_, "dummy", {"numdummies"}, 0); });
    const int fd = open_module("kernel/drivers/net/dummy.ko");
    expect_error(ErrorCode::InvalidArgument, "numdummies is an int: '2147483648'", [&] {
        load_file(service_, ModuleImage::from_caller_fd(fd), {"numdummies=2147483648"}, 0);
    });
    EXPECT_TRUE(kernel_.inserted().empty());
    EXPECT_EQ(load(service_, "vxlan", {"log_ecn_error", "udp_port=0x12b5"}, 0).inserted.back(), "vxlan");
}

TEST_F(ModuleServiceTest, ALoadedModuleWithOtherValuesIsParametersNotApplied) {
    kernel_.add(SimulatedModule{"dummy", {}, 0, {{"numdummies", "3"}}});
    // A unit loading it again with its parameters succeeds; 0x3 is 3 to an int.
    EXPECT_TRUE(load(service_, "dummy", {"numdummies=3"}, 0).inserted.empty());
    EXPECT_TRUE(load(service_, "dummy", {"numdummies=0x3"}, 0).inserted.empty());
    for (const uint64_t flags : {uint64_t{0}, uint64_t{wire::kDryRun}})
        expect_error(ErrorCode::ParametersNotApplied,
                     "dummy is already loaded, and a module's parameters apply only when it is "
                     "loaded: not applied: numdummies=4 (it is \"3\")",
                     [&] { load(service_, "dummy", {"numdummies=4"}, flags); });
    EXPECT_TRUE(kernel_.inserted().empty());
}

TEST_F(ModuleServiceTest, AParameterWhoseValueCannotBeReadCountsAsNotApplied) {
    // The kernel shows TxIntDelay to no one but root (or not at all): no value to compare.
    kernel_.add(SimulatedModule{"e1000e", {}, 0, {{"debug", "0"}}});
    expect_error(ErrorCode::ParametersNotApplied,
                 "not applied: TxIntDelay=1 (its value cannot be read)",
                 [&] { load(service_, "e1000e", {"debug=0", "TxIntDelay=1"}, 0); });
}

TEST_F(ModuleServiceTest, ABuiltinModulesParametersComeFromTheCommandLineOnly) {
    expect_error(ErrorCode::Builtin, "8250 is built into the kernel, whose parameters only the "
                                     "kernel command line sets (8250.PARAMETER=VALUE)",
                 [&] { load(service_, "8250", {"nr_uarts=4"}, 0); });
}

TEST_F(ModuleServiceTest, ParametersNeedASingleModule) {
    config_.write("a.conf", "alias netdevs dummy\nalias netdevs ifb\n");
    expect_error(ErrorCode::InvalidArgument, "netdevs matches several modules (dummy, ifb)",
                 [&] { load(service_, "netdevs", {"numdummies=1"}, 0); });
    EXPECT_EQ(load(service_, "netdevs", {}, 0).inserted, (Names{"dummy", "ifb"}));
}

TEST_F(ModuleServiceTest, InstallCommandRunsUnlessIgnored) {
    const std::string marker = config_.file("marker");
    config_.write("i.conf", "install dummy touch " + marker + "\n");
    const LoadResult result = load(service_, "dummy", {}, 0);
    EXPECT_TRUE(std::filesystem::exists(marker));
    EXPECT_EQ(result.install_commands, Names{"touch " + marker});
    EXPECT_TRUE(kernel_.inserted().empty());

    std::filesystem::remove(marker);
    EXPECT_EQ(load(service_, "dummy", {}, wire::kIgnoreInstallCommands).inserted, Names{"dummy"});
    EXPECT_FALSE(std::filesystem::exists(marker));
}

TEST_F(ModuleServiceTest, ParametersCannotInjectShellIntoInstallCommands) {
    const std::string marker = config_.file("marker");
    const std::string injected = config_.file("injected");
    config_.write("i.conf", "install dummy echo \"$CMDLINE_OPTS\" > " + marker + "\n");
    expect_error(ErrorCode::InvalidArgument, "runs through /bin/sh", [&] {
        // dyndbg: no type of the module's refuses the text before the install command's check.
        load(service_, "dummy", {"dyndbg=1;touch " + injected + " $(touch " + injected + ")'`x`"}, 0);
    });
    EXPECT_FALSE(std::filesystem::exists(injected));
    EXPECT_FALSE(std::filesystem::exists(marker)) << "nothing ran";
    load(service_, "dummy", {"numdummies=1"}, 0);
    std::ifstream written(marker);
    std::string line;
    std::getline(written, line);
    EXPECT_EQ(line, "numdummies=1");
}

// Each kernel-changing operation is on record while it runs (OperationRecords), and only then.
TEST_F(ModuleServiceTest, KernelChangesAreOnRecordWhileTheyRun) {
    ScratchDir run;
    OperationRecords records(run.path());
    ModuleService service(kmod_, kernel_, &records);
    std::vector<std::vector<KernelOperation>> seen;
    kernel_.on_insert = [&](const std::string&) {
        // A look from outside, as a restarted modmgrd takes it (which removes what it finds).
        seen.push_back(OperationRecords(run.path()).take_interrupted());
    };
    load(service, "vxlan", {}, 0, 1000);
    kernel_.fail_insert("dummy", ENODEV);
    expect_error(ErrorCode::KernelRefused, "ENODEV", [&] { load(service, "dummy", {}, 0, 1000); });
    unload(service, "vxlan", 0, 0);
    load(service, "dummy", {}, wire::kDryRun);
    kernel_.on_insert = nullptr;
    EXPECT_TRUE(records.take_interrupted().empty()) << "every record went with its operation";
    bool saw_vxlan = false;
    for (const auto& during : seen)
        for (const auto& operation : during)
            saw_vxlan |= operation == KernelOperation{"load", "vxlan", 1000,
                                                      {"udp_tunnel", "ip6_udp_tunnel", "vxlan"}};
    EXPECT_TRUE(saw_vxlan);
}

TEST_F(ModuleServiceTest, AnOperationThatCannotBeRecordedDoesNotStart) {
    ScratchDir run;
    OperationRecords records(run.write("not-a-directory", ""));
    ModuleService service(kmod_, kernel_, &records);
    expect_error(ErrorCode::Failed, "nothing was changed", [&] { load(service, "dummy", {}, 0); });
    EXPECT_TRUE(kernel_.inserted().empty());
    EXPECT_EQ(load(service, "dummy", {}, wire::kDryRun).inserted, Names{"dummy"}) << "a dry run needs no record";
}

TEST_F(ModuleServiceTest, DryRunTouchesNothing) {
    const std::string marker = config_.file("marker");
    config_.write("i.conf", "install udp_tunnel touch " + marker + "\n");
    const LoadResult result = load(service_, "vxlan", {}, wire::kDryRun);
    EXPECT_EQ(result.inserted, (Names{"ip6_udp_tunnel", "vxlan"}));
    EXPECT_EQ(result.install_commands, Names{"touch " + marker});
    EXPECT_FALSE(std::filesystem::exists(marker));
    EXPECT_TRUE(kernel_.inserted().empty());
    EXPECT_TRUE(kernel_.modules().empty());
}

TEST_F(ModuleServiceTest, FailingTopModuleRollsBack) {
    kernel_.fail_insert("vxlan", ENOEXEC);
    expect_error(ErrorCode::KernelRefused, "rolled back: removed ip6_udp_tunnel, udp_tunnel",
                 [&] { load(service_, "vxlan", {}, 0); });
    EXPECT_TRUE(kernel_.modules().empty());
}

// kernel.modules_disabled: refused as such before anything runs (no install command, no
// softdep attempted), also as a dry run; a load with nothing to do still succeeds.
TEST_F(ModuleServiceTest, ModulesDisabledRefusesEveryLoadBeforeAnythingRuns) {
    const std::string marker = config_.file("marker");
    config_.write("i.conf", "install udp_tunnel touch " + marker + "\n");
    kernel_.add("dummy");
    kernel_.set_status({0, true, false, ""});
    expect_error(ErrorCode::ModulesDisabled, "kernel.modules_disabled is set",
                 [&] { load(service_, "vxlan", {}, 0); });
    expect_error(ErrorCode::ModulesDisabled, "until the next boot",
                 [&] { load(service_, "vxlan", {}, wire::kDryRun); });
    EXPECT_FALSE(std::filesystem::exists(marker));
    EXPECT_TRUE(kernel_.inserted().empty());
    EXPECT_TRUE(load(service_, "dummy", {}, 0).inserted.empty());
    const ModuleImage image =
        ModuleImage::from_caller_fd(open_module("kernel/drivers/net/vxlan/vxlan.ko"));
    expect_error(ErrorCode::ModulesDisabled, "kernel.modules_disabled",
                 [&] { load_file(service_, image, {}, 0); });
    EXPECT_TRUE(kernel_.inserted().empty());
}

// Set while a load runs: the kernel's EPERM is reported as what it means, and the rollback
// (which the kernel refuses too) says what was left loaded.
TEST_F(ModuleServiceTest, ModulesDisabledMidLoadIsReportedAsSuch) {
    kernel_.on_insert = [&](const std::string& name) {
        if (name == "vxlan")
            kernel_.set_status({0, true, false, ""});
    };
    expect_error(ErrorCode::ModulesDisabled,
                 "until the next boot; rolled back: nothing; left loaded: ip6_udp_tunnel (EPERM), "
                 "udp_tunnel (EPERM)",
                 [&] { load(service_, "vxlan", {}, 0); });
    kernel_.on_insert = nullptr;
}

TEST_F(ModuleServiceTest, LoadRejectsBadInput) {
    expect_error(ErrorCode::NotFound, "module or alias no_such_module not found in " + test_modules_dir(),
                 [&] { load(service_, "no_such_module", {}, 0); });
    expect_error(ErrorCode::InvalidArgument, "must not contain '/'",
                 [&] { load(service_, "../dummy", {}, 0); });
    expect_error(ErrorCode::InvalidArgument, "invalid parameter",
                 [&] { load(service_, "dummy", {"numdummies=\"1\""}, 0); });
    EXPECT_TRUE(kernel_.inserted().empty());
}

// --- DRY_RUN equals modprobe ----------------------------------------------------------

std::string run(const std::string& command) {
    std::string output;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr)
        throw std::runtime_error("cannot run " + command);
    char buffer[4096];
    while (size_t n = fread(buffer, 1, sizeof buffer, pipe))
        output.append(buffer, n);
    if (pclose(pipe) != 0)
        throw std::runtime_error(command + " failed:\n" + output);
    return output;
}

// The modules of modprobe's "insmod /path/name.ko options" lines, each once (kmod lists a
// module reached twice again, and skips it when inserting).
Names modprobe_plan(const std::string& config_dir, const std::string& module) {
    const std::filesystem::path modules_dir = test_modules_dir();
    const std::string command = "PATH=/usr/sbin:/sbin:$PATH modprobe --dry-run --show-depends -C " +
                                config_dir + " -d " + test_kernel_root() + " -S " +
                                modules_dir.filename().string() + " " + module + " 2>&1";
    Names plan;
    std::istringstream lines(run(command));
    for (std::string line; std::getline(lines, line);) {
        if (line.compare(0, 7, "insmod ") != 0)
            continue;
        std::string name = std::filesystem::path(line.substr(7, line.find(' ', 7) - 7)).filename().string();
        name = name.substr(0, name.find(".ko"));
        std::replace(name.begin(), name.end(), '-', '_');
        if (std::find(plan.begin(), plan.end(), name) == plan.end())
            plan.push_back(name);
    }
    return plan;
}

Names sample_modules() {
    Names sample{"vxlan", "btrfs", "nf_conntrack", "e1000e", "ext4", "xfs", "nft_nat",
                 "openvswitch", "vport_vxlan", "snd_hda_intel", "kvm_intel", "i915", "amdgpu",
                 "bluetooth", "btusb", "iwlwifi", "cifs", "nfsd", "dm_crypt", "raid456",
                 "ip_vs_ftp", "xt_nat", "mlx5_core", "virtio_net", "bridge"};
    // And every 100th module of modules.dep, whatever the tree holds.
    std::ifstream dep(test_modules_dir() + "/modules.dep");
    int index = 0;
    for (std::string line; std::getline(dep, line); ++index) {
        if (index % 100 != 0)
            continue;
        std::string name = std::filesystem::path(line.substr(0, line.find(':'))).filename().string();
        name = name.substr(0, name.find(".ko"));
        std::replace(name.begin(), name.end(), '-', '_');
        sample.push_back(name);
    }
    return sample;
}

TEST_F(ModuleServiceTest, DryRunEqualsModprobe) {
    config_.write("o.conf", "options udp_tunnel a=1\nsoftdep e1000e pre: dummy post: ifb\n");
    const Names sample = sample_modules();
    ASSERT_GE(sample.size(), 50u);
    size_t compared = 0;
    for (const auto& module : sample) {
        const Names expected = modprobe_plan(config_.path(), module);
        EXPECT_EQ(load(service_, module, {}, wire::kDryRun).inserted, expected) << module;
        compared += expected.size();
    }
    // Most of the sample has dependencies: this compared real plans, not empty lists.
    EXPECT_GT(compared, 2 * sample.size());
    EXPECT_TRUE(kernel_.inserted().empty());
}

// --- LoadFile ---------------------------------------------------------------------------

TEST_F(ModuleServiceTest, LoadFileInsertsModmgrsCopyOfTheCallersFileByItsModinfoName) {
    const ModuleImage image = ModuleImage::from_caller_fd(open_module("kernel/drivers/net/dummy.ko"));
    EXPECT_EQ(service_.file_module_name(image), "dummy");
    EXPECT_EQ(load_file(service_, image, {"numdummies=3"}, 0), "dummy");
    EXPECT_EQ(kernel_.inserted(), Names{"dummy"});
    EXPECT_EQ(kernel_.inserted_paths(), Names{image.path()});
    EXPECT_EQ(kernel_.options().at("dummy"), "numdummies=3");
}

TEST_F(ModuleServiceTest, LoadFileIgnoresDependenciesAndConfiguration) {
    config_.write("c.conf", "options vxlan udp_port=1\nblacklist vxlan\ninstall vxlan /bin/echo run\n");
    const ModuleImage image =
        ModuleImage::from_caller_fd(open_module("kernel/drivers/net/vxlan/vxlan.ko"));
    expect_error(ErrorCode::KernelRefused, "ENOENT", [&] { load_file(service_, image, {}, 0); });
    EXPECT_EQ(kernel_.inserted(), Names{"vxlan"});
    EXPECT_EQ(kernel_.options().at("vxlan"), "");
}

TEST_F(ModuleServiceTest, LoadFileErrors) {
    const ModuleImage image = ModuleImage::from_caller_fd(open_module("kernel/drivers/net/dummy.ko"));
    expect_error(ErrorCode::InvalidArgument, "unknown parameter 'nope' for module dummy",
                 [&] { load_file(service_, image, {"nope=1"}, 0); });
    EXPECT_TRUE(kernel_.inserted().empty());
    EXPECT_EQ(load_file(service_, image, {}, wire::kDryRun), "dummy");
    EXPECT_TRUE(kernel_.inserted().empty());
    kernel_.add("dummy");
    expect_error(ErrorCode::AlreadyLoaded, "dummy is already loaded", [&] { load_file(service_, image, {}, 0); });
    EXPECT_TRUE(kernel_.inserted().empty());
}

// --- Unload -----------------------------------------------------------------------------

class ModuleServiceUnloadTest : public ModuleServiceTest {
protected:
    ModuleServiceUnloadTest() {
        kernel_.add("udp_tunnel");
        kernel_.add("ip6_udp_tunnel");
        kernel_.add("vxlan", {"udp_tunnel", "ip6_udp_tunnel"});
    }
};

TEST_F(ModuleServiceUnloadTest, RemovesTheModuleAndItsUnusedDependencies) {
    const Names removed = unload(service_, "vxlan", 0);
    ASSERT_EQ(removed.size(), 3u);
    EXPECT_EQ(removed.front(), "vxlan");
    EXPECT_TRUE(kernel_.modules().empty());
}

TEST_F(ModuleServiceUnloadTest, NoDependenciesIsRmmod) {
    EXPECT_EQ(unload(service_, "vxlan", wire::kNoDependencies), Names{"vxlan"});
    EXPECT_EQ(kernel_.modules().size(), 2u);
}

TEST_F(ModuleServiceUnloadTest, DryRunReturnsThePlanAndRemovesNothing) {
    EXPECT_EQ(unload(service_, "vxlan", wire::kDryRun).size(), 3u);
    EXPECT_TRUE(kernel_.removed().empty());
}

TEST_F(ModuleServiceUnloadTest, DependencyGrabbedMeanwhileStays) {
    kernel_.before_snapshot = [](SimulatedKernel& kernel, int call) {
        if (call == 2) // after the target was found and the plan was made
            kernel.set_users("udp_tunnel", 1);
    };
    const Names removed = unload(service_, "vxlan", 0);
    EXPECT_EQ(removed, (Names{"vxlan", "ip6_udp_tunnel"}));
    EXPECT_TRUE(kernel_.loaded("udp_tunnel"));
}

TEST_F(ModuleServiceUnloadTest, NamesNormalizeAndAliasesResolveToTheLoadedModule) {
    kernel_.add("dummy");
    EXPECT_EQ(unload(service_, "rtnl-link-dummy", 0), Names{"dummy"});
    kernel_.add("nf_defrag_ipv4");
    EXPECT_EQ(unload(service_, "nf-defrag-ipv4", wire::kDryRun), Names{"nf_defrag_ipv4"});
}

TEST_F(ModuleServiceUnloadTest, ModulesDisabledRefusesUnloads) {
    kernel_.set_status({0, true, false, ""});
    expect_error(ErrorCode::ModulesDisabled, "kernel.modules_disabled is set",
                 [&] { unload(service_, "vxlan", 0); });
    expect_error(ErrorCode::ModulesDisabled, "kernel.modules_disabled is set",
                 [&] { unload(service_, "vxlan", wire::kDryRun); });
    EXPECT_TRUE(kernel_.removed().empty());
}

// Set while the unload runs: the kernel's EPERM for a dependency says it.
TEST_F(ModuleServiceUnloadTest, ModulesDisabledMidUnloadIsReportedAsSuch) {
    kernel_.before_snapshot = [](SimulatedKernel& kernel, int call) {
        if (call == 2) // after vxlan was removed, before its dependencies are
            kernel.set_status({0, true, false, ""});
    };
    expect_error(ErrorCode::ModulesDisabled, "until the next boot; already removed: vxlan",
                 [&] { unload(service_, "vxlan", 0); });
}

TEST_F(ModuleServiceUnloadTest, TypedErrors) {
    expect_error(ErrorCode::InUse, "udp_tunnel", [&] { unload(service_, "udp_tunnel", 0); });
    expect_error(ErrorCode::NotLoaded, "dummy is not loaded", [&] { unload(service_, "dummy", 0); });
    expect_error(ErrorCode::Builtin, "unix is built into the kernel", [&] { unload(service_, "unix", 0); });
    expect_error(ErrorCode::NotFound, "no_such_module", [&] { unload(service_, "no_such_module", 0); });
    expect_error(ErrorCode::InvalidArgument, "module name", [&] { unload(service_, "a b", 0); });
    EXPECT_TRUE(kernel_.removed().empty());
}

// --- Configuration ----------------------------------------------------------------------

TEST_F(ModuleServiceTest, KindOfSaysWhatTheModuleTreeKnowsANameAs) {
    EXPECT_EQ(service_.kind_of(PlainModuleName::checked("dummy")), ModuleKind::Module);
    EXPECT_EQ(service_.kind_of(PlainModuleName::checked("snd-hda-intel")), ModuleKind::Module);
    EXPECT_EQ(service_.kind_of(PlainModuleName::checked("crypto_algapi")), ModuleKind::Builtin);
    EXPECT_EQ(service_.kind_of(PlainModuleName::checked("fs-cifs")), ModuleKind::Alias);
    EXPECT_EQ(service_.kind_of(PlainModuleName::checked("modmgr_no_such_module")), ModuleKind::Unknown);
    // modprobe.d aliases do not make a name a module's.
    config_.write("a.conf", "alias modmgr_test_alias dummy\n");
    EXPECT_EQ(service_.kind_of(PlainModuleName::checked("modmgr_test_alias")), ModuleKind::Unknown);
    expect_error(ErrorCode::InvalidArgument, "a module name is needed",
                 [&] { service_.kind_of(PlainModuleName::checked("pci:v00008086d*")); });
}

TEST_F(ModuleServiceTest, ConfigurationReadsTheContextsConfiguration) {
    const std::string conf = config_.write("a.conf", "options snd-hda-intel power_save=0\n");
    const ModuleConfiguration configuration = service_.configuration(PlainModuleName::checked("snd_hda_intel"));
    EXPECT_EQ(configuration.name, "snd_hda_intel");
    EXPECT_EQ(configuration.options, Names{"power_save=0"});
    ASSERT_EQ(configuration.sources.size(), 1u);
    EXPECT_EQ(configuration.sources[0],
              (ConfigSource{"options", conf, 1, "options snd-hda-intel power_save=0", false}));
    expect_error(ErrorCode::InvalidArgument, "a module name is needed",
                 [&] { service_.configuration(PlainModuleName::checked("fs:x")); });
}

TEST_F(ModuleServiceTest, ConfigurationOfANameNothingKnowsIsNotFound) {
    expect_error(ErrorCode::NotFound, "no module modmgr_no_such_module", [&] {
        service_.configuration(PlainModuleName::checked("modmgr_no_such_module"));
    });
    // A name left behind in the configuration (its module gone) still shows its lines.
    config_.write("b.conf", "blacklist modmgr_gone_module\n");
    EXPECT_TRUE(service_.configuration(PlainModuleName::checked("modmgr_gone_module")).blacklisted);
    // A module nothing configures has an empty configuration.
    EXPECT_TRUE(service_.configuration(PlainModuleName::checked("vxlan")).sources.empty());
}

TEST_F(ModuleServiceTest, ConfigurationListingIsTheContextsConfiguration) {
    const std::string conf = config_.write("a.conf", "alias my-net dummy\nblacklist pcspkr\n");
    const ConfigurationListing listing = service_.configuration_listing();
    // modprobe.d first; this machine's modules-load.d and command line may follow.
    ASSERT_FALSE(listing.entries.empty());
    EXPECT_EQ(listing.entries[0].module, "pcspkr");
    EXPECT_EQ(listing.entries[0].source, (ConfigSource{"blacklist", conf, 2, "blacklist pcspkr", false}));
    EXPECT_FALSE(listing.truncated);
}

TEST_F(ModuleServiceTest, ParametersForTheConfigurationAreCheckedLikeLoads) {
    const auto refuse = [&](const std::string& name, const Names& parameters) {
        service_.refuse_unknown_parameters(PlainModuleName::checked(name),
                                           ModuleParameters::checked(parameters));
    };
    refuse("dummy", {"numdummies=2", "dyndbg=+p"});
    expect_error(ErrorCode::InvalidArgument, "unknown parameter 'numdumies' for module dummy",
                 [&] { refuse("dummy", {"numdumies=2"}); });
    expect_error(ErrorCode::InvalidArgument, "numdummies is an int: 'a b' is not one",
                 [&] { refuse("dummy", {"numdummies=a b"}); });
    // Not a module file: the configurator's own checks answer (NotFound, Builtin).
    refuse("modmgr_no_such_module", {"x=1"});
}

// --- Footprints: one plan for the locks and the work ---------------------------------

TEST_F(ModuleServiceTest, LoadPlanCoversMatchesDependenciesAndSoftdeps) {
    config_.write("s.conf", "softdep vxlan post: dummy\n");
    const auto plan = [&](const std::string& name) {
        return service_.plan_load(ModuleName::checked(name), {}, 0);
    };
    EXPECT_EQ(plan("vxlan").modules, (Names{"dummy", "ip6_udp_tunnel", "udp_tunnel", "vxlan"}));
    kernel_.add("udp_tunnel");
    EXPECT_EQ(plan("vxlan").modules, (Names{"dummy", "ip6_udp_tunnel", "udp_tunnel", "vxlan"}))
        << "loaded modules too: the load still meets them";
    const Names alias = plan("rtnl-link-dummy").modules;
    EXPECT_NE(std::find(alias.begin(), alias.end(), "dummy"), alias.end());
    expect_error(ErrorCode::NotFound, "no-such-module", [&] { plan("no-such-module"); });
}

// The plan is made before the locks are taken: what came or went meanwhile is seen when it
// is carried out.
TEST_F(ModuleServiceTest, APlanOutdatedBeforeTheLocksIsMadeAgain) {
    PlannedLoad came = service_.plan_load(ModuleName::checked("vxlan"), {}, 0);
    kernel_.add("udp_tunnel");
    EXPECT_EQ(service_.load(came).inserted, (Names{"ip6_udp_tunnel", "vxlan"}));

    kernel_.clear();
    kernel_.add("udp_tunnel");
    PlannedLoad went = service_.plan_load(ModuleName::checked("vxlan"), {}, 0);
    kernel_.clear();
    EXPECT_EQ(service_.load(went).inserted, (Names{"udp_tunnel", "ip6_udp_tunnel", "vxlan"}));

    kernel_.clear();
    PlannedLoad first = service_.plan_load(ModuleName::checked("dummy"), {}, wire::kFirstTime);
    kernel_.add("dummy");
    expect_error(ErrorCode::AlreadyLoaded, "dummy is already loaded", [&] { service_.load(first); });
}

TEST_F(ModuleServiceUnloadTest, UnloadFootprintIsTheDependencyClosure) {
    Names footprint = service_.unload_footprint("vxlan");
    std::sort(footprint.begin(), footprint.end());
    EXPECT_EQ(footprint, (Names{"ip6_udp_tunnel", "udp_tunnel", "vxlan"}));
    EXPECT_EQ(service_.unload_footprint(service_.unload_target(ModuleName::checked("udp-tunnel"))),
              Names{"udp_tunnel"});
}

// --- Through the SimulatedKernel (its own dependency and holder rules) ------------------

TEST_F(ModuleServiceTest, LoadAndUnloadRoundTripOnTheSimulatedKernel) {
    SimulatedKernel simulated(config_.file("kernel.json"));
    ModuleService service(kmod_, simulated);
    config_.write("o.conf", "options vxlan udp_port=4790\n");
    EXPECT_EQ(load(service, "vxlan", {}, 0).inserted,
              (Names{"udp_tunnel", "ip6_udp_tunnel", "vxlan"}));
    EXPECT_EQ(simulated.snapshot().size(), 3u);
    EXPECT_EQ(simulated.parameters(simulated.snapshot().front().name).at("udp_port"), "4790");
    expect_error(ErrorCode::AlreadyLoaded, "vxlan", [&] { load(service, "vxlan", {}, wire::kFirstTime); });
    EXPECT_EQ(load_file(service, 
                  ModuleImage::from_caller_fd(open_module("kernel/drivers/net/dummy.ko")), {}, 0),
              "dummy");
    EXPECT_EQ(unload(service, "vxlan", 0).size(), 3u);
    EXPECT_EQ(unload(service, "dummy", 0), Names{"dummy"});
    EXPECT_TRUE(simulated.snapshot().empty());
}

} // namespace
} // namespace modmgr
