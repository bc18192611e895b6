#include "info/module_info_reader.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "base/module_error.h"
#include "support/module_error_code.h"
#include "support/scratch_dir.h"
#include "support/simulated_kernel.h"
#include "support/test_kernel_tree.h"

namespace modmgr {
namespace {

namespace fs = std::filesystem;
using Strings = std::vector<std::string>;
using Parameters = std::vector<ParameterDescription>;

class Fd {
public:
    explicit Fd(const fs::path& path, int flags = O_RDONLY) : fd_(open(path.c_str(), flags | O_CLOEXEC)) {}
    ~Fd() {
        if (fd_ >= 0)
            close(fd_);
    }
    int get() const { return fd_; }

private:
    int fd_;
};

template <typename T>
const T& field(const ModuleInfo& info, const std::string& key) {
    const auto it = info.find(key);
    if (it == info.end())
        throw std::runtime_error("Info lacks " + key);
    return std::get<T>(it->second);
}

fs::path debian_module(const std::string& relative) {
    return fs::path(test_modules_dir()) / "kernel" / relative;
}

class ModuleInfoReader : public ::testing::Test {
protected:
    void configure(const std::string& text) {
        config_.write("test.conf", text);
    }
    ModuleInfo info(const std::string& name) {
        return read_module_info(kmod_, kernel_, ModuleName::checked(name),
                                ConfigIndex::read(kmod_.settings().layout()));
    }

    ScratchDir config_;
    KmodContext kmod_{KmodSettings{test_modules_dir(), {config_.path()}}};
    SimulatedKernel kernel_;
};

TEST_F(ModuleInfoReader, ModuleByNameHasItsModinfoFields) {
    const ModuleInfo e1000e = info("e1000e");
    EXPECT_EQ(field<std::string>(e1000e, "name"), "e1000e");
    EXPECT_EQ(field<std::string>(e1000e, "filename"),
              debian_module("drivers/net/ethernet/intel/e1000e/e1000e.ko").string());
    EXPECT_FALSE(field<bool>(e1000e, "builtin"));
    EXPECT_EQ(field<std::string>(e1000e, "license"), "GPL v2");
    EXPECT_EQ(field<std::string>(e1000e, "description"), "Intel(R) PRO/1000 Network Driver");
    EXPECT_EQ(field<Strings>(e1000e, "authors"), Strings{"Intel Corporation, <linux.nics@intel.com>"});
    EXPECT_GT(field<Strings>(e1000e, "aliases").size(), 100u);
    EXPECT_TRUE(field<bool>(e1000e, "intree"));
    EXPECT_EQ(field<std::string>(e1000e, "sig_hashalgo"), "sha256");
    const std::string& signature = field<std::string>(e1000e, "signature");
    EXPECT_EQ(signature.find_first_of("\n\t"), std::string::npos);
    EXPECT_GT(signature.size(), 100u);

    const auto& parameters = field<Parameters>(e1000e, "parameters");
    const auto debug = std::find_if(parameters.begin(), parameters.end(),
                                    [](const ParameterDescription& p) { return p.name == "debug"; });
    ASSERT_NE(debug, parameters.end());
    EXPECT_EQ(*debug, (ParameterDescription{"debug", "int", "Debug level (0=none,...,16=all)"}));
}

TEST_F(ModuleInfoReader, NamesAndAliasesAreResolvedLikeModinfo) {
    EXPECT_EQ(field<std::string>(info("snd-hda-intel"), "name"), "snd_hda_intel");
    EXPECT_EQ(field<std::string>(info("fs-ext4"), "name"), "ext4");
    EXPECT_EQ(info("fs-ext4").count("also_matches"), 0u);
}

TEST_F(ModuleInfoReader, AnAliasOfSeveralModulesDescribesTheFirstAndNamesTheOthers) {
    // modules.alias lists i10nm_edac twice for this CPU; it is named once.
    const ModuleInfo cpu = info("cpu:type:x86,ven0000fam0006mod006A:feature:,0000,0001");
    EXPECT_EQ(field<std::string>(cpu, "name"), "intel_uncore");
    EXPECT_EQ(field<Strings>(cpu, "also_matches"),
              (Strings{"intel_cstate", "rapl", "i10nm_edac", "intel_uncore_frequency",
                       "intel_rapl_common"}));
}

TEST_F(ModuleInfoReader, ModprobeDAliasesAreIgnoredLikeModinfoDoes) {
    configure("alias modmgr_test_alias dummy\n");
    EXPECT_EQ(error_of([&] { info("modmgr_test_alias"); }), ErrorCode::NotFound);
}

TEST_F(ModuleInfoReader, UnknownNamesAreNotFoundAndBadNamesInvalid) {
    EXPECT_EQ(error_of([&] { info("modmgr_no_such_module"); }), ErrorCode::NotFound);
    EXPECT_EQ(error_of([&] { info("two words"); }), ErrorCode::InvalidArgument);
    EXPECT_EQ(error_of([&] { info(""); }), ErrorCode::InvalidArgument);
}

TEST_F(ModuleInfoReader, BuiltinModule) {
    const ModuleInfo algapi = info("crypto_algapi");
    EXPECT_EQ(field<std::string>(algapi, "name"), "crypto_algapi");
    EXPECT_EQ(field<std::string>(algapi, "filename"), "(builtin)");
    EXPECT_TRUE(field<bool>(algapi, "builtin"));
    EXPECT_EQ(field<std::string>(algapi, "softdeps"), "pre: cryptomgr");
    EXPECT_EQ(field<std::string>(algapi, "description"), "Cryptographic algorithms API");
    // In the kernel, though never in /proc/modules (so in no snapshot nor List either).
    EXPECT_TRUE(field<bool>(algapi, "loaded"));
    EXPECT_EQ(field<std::string>(algapi, "state"), "builtin");
    EXPECT_EQ(algapi.count("size") + algapi.count("refcount") + algapi.count("holders"), 0u);
    EXPECT_FALSE(field<bool>(algapi, "blacklisted"));
}

TEST_F(ModuleInfoReader, UnloadedModuleHasNoLiveState) {
    const ModuleInfo dummy = info("dummy");
    EXPECT_FALSE(field<bool>(dummy, "loaded"));
    for (const char* key : {"state", "size", "refcount", "holders", "parameter_values", "taint"})
        EXPECT_EQ(dummy.count(key), 0u) << key;
}

// The test tree is Debian's: its modules are signed, as modinfo's sig_id says.
TEST_F(ModuleInfoReader, SignedIsTheFilesSignatureUntilTheKernelGivesItsVerdict) {
    EXPECT_TRUE(field<bool>(info("dummy"), "signed"));
    EXPECT_EQ(info("crypto_algapi").count("signed"), 0u);
    kernel_.add({"dummy", {}, 0, {}, "live", 16384, "OE", false});
    EXPECT_FALSE(field<bool>(info("dummy"), "signed"));
    EXPECT_EQ(field<std::string>(info("dummy"), "taint"), "OE");
    kernel_.clear();
    kernel_.add({"dummy", {}, 0, {}, "live", 16384, "", true});
    EXPECT_TRUE(field<bool>(info("dummy"), "signed"));
    EXPECT_EQ(field<std::string>(info("dummy"), "taint"), "");
}

TEST_F(ModuleInfoReader, LoadedModuleHasLiveStateFromTheKernel) {
    kernel_.add({"e1000e", {}, 0, {{"debug", "-1"}, {"copybreak", "256"}}, "live", 290816});
    kernel_.add("b", {"e1000e"});
    kernel_.add("a", {"e1000e"}); // the newest holder comes first, as in /proc/modules
    kernel_.add("dummy");

    const ModuleInfo e1000e = info("e1000e");
    EXPECT_TRUE(field<bool>(e1000e, "loaded"));
    EXPECT_EQ(field<std::string>(e1000e, "state"), "live");
    EXPECT_EQ(field<uint64_t>(e1000e, "size"), 290816u);
    EXPECT_EQ(field<int32_t>(e1000e, "refcount"), 2);
    EXPECT_EQ(field<Strings>(e1000e, "holders"), (Strings{"a", "b"}));
    EXPECT_EQ((field<std::map<std::string, std::string>>(e1000e, "parameter_values")),
              (std::map<std::string, std::string>{{"copybreak", "256"}, {"debug", "-1"}}));
}

TEST_F(ModuleInfoReader, BlacklistAndOptionsComeFromModprobeD) {
    EXPECT_FALSE(field<bool>(info("e1000e"), "blacklisted"));
    EXPECT_EQ(info("e1000e").count("options"), 0u);

    configure("blacklist e1000e\noptions e1000e debug=16 IntMode=\"1 2\"\noptions dummy numdummies=3\n");
    const ModuleInfo e1000e = info("e1000e");
    EXPECT_TRUE(field<bool>(e1000e, "blacklisted"));
    EXPECT_EQ(field<Strings>(e1000e, "options"), (Strings{"debug=16", "IntMode=\"1 2\""}));
    EXPECT_FALSE(field<bool>(info("dummy"), "blacklisted"));
    EXPECT_EQ(field<Strings>(info("dummy"), "options"), Strings{"numdummies=3"});
}

TEST(ModuleInfoConfiguration, InfoCarriesTheConfigurationOfTheModuleAnAliasNames) {
    ScratchDir root;
    const std::string conf = root.write("etc/modprobe.d/a.conf", "options dummy numdummies=2\n");
    const std::string load = root.write("etc/modules-load.d/a.conf", "dummy\n");
    KmodContext kmod(KmodSettings{test_modules_dir(), {}, root.path()});
    SimulatedKernel kernel;
    const ModuleInfo dummy = read_module_info(kmod, kernel, ModuleName::checked("rtnl-link-dummy"),
                                               ConfigIndex::read(kmod.settings().layout()));
    EXPECT_FALSE(field<bool>(dummy, "blacklisted"));
    EXPECT_EQ(field<Strings>(dummy, "options"), Strings{"numdummies=2"});
    EXPECT_TRUE(field<bool>(dummy, "load_at_boot"));
    EXPECT_EQ(field<std::vector<ConfigSource>>(dummy, "config_sources"),
              (std::vector<ConfigSource>{{"options", conf, 1, "options dummy numdummies=2", false},
                                         {"load", load, 1, "dummy", false}}));

    const ModuleInfo ifb = read_module_info(kmod, kernel, ModuleName::checked("ifb"),
                                               ConfigIndex::read(kmod.settings().layout()));
    EXPECT_FALSE(field<bool>(ifb, "load_at_boot"));
    EXPECT_EQ(ifb.count("options"), 0u);
    EXPECT_TRUE(field<std::vector<ConfigSource>>(ifb, "config_sources").empty());
}

class ModuleInfoByPath : public ::testing::Test {
protected:
    // A private modules directory, so the test can put symlinks in it.
    ModuleInfoByPath() {
        fs::create_directories(modules_dir_ / "kernel");
        fs::copy_file(debian_module("drivers/net/dummy.ko"), modules_dir_ / "kernel" / "dummy.ko");
        fs::copy_file(debian_module("drivers/net/dummy.ko"), outside_.file("dummy.ko"));
        outside_.write("not-a-module.ko", "hello\n");
        fs::create_symlink(outside_.file("dummy.ko"), modules_dir_ / "kernel" / "escape.ko");
    }
    ModuleInfo info(const std::string& path) { return read_module_info(kmod_, kernel_, ModulePath::checked(path)); }
    ErrorCode error(const std::string& path) {
        return error_of([&] { info(path); });
    }

    ScratchDir root_;
    ScratchDir outside_;
    ScratchDir config_;
    const fs::path modules_dir_ = root_.file("6.1.0-test");
    KmodContext kmod_{KmodSettings{modules_dir_.string(), {config_.path()}}};
    SimulatedKernel kernel_;
};

TEST_F(ModuleInfoByPath, PathInsideTheModulesDirectory) {
    const std::string path = (modules_dir_ / "kernel" / "dummy.ko").string();
    const ModuleInfo dummy = info(path);
    EXPECT_EQ(field<std::string>(dummy, "name"), "dummy");
    EXPECT_EQ(field<std::string>(dummy, "filename"), path);
    EXPECT_EQ(field<Strings>(dummy, "aliases"), Strings{"rtnl-link-dummy"});
    EXPECT_FALSE(field<bool>(dummy, "loaded"));
    // A file is described as insmod would load it: modprobe.d does not apply.
    for (const char* key : {"blacklisted", "masked", "options", "load_at_boot", "config_sources"})
        EXPECT_EQ(dummy.count(key), 0u) << key;

    const std::string roundabout = (modules_dir_ / ".." / "6.1.0-test" / "kernel" / "dummy.ko").string();
    EXPECT_EQ(field<std::string>(info(roundabout), "name"), "dummy");
}

TEST_F(ModuleInfoByPath, PathsOutsideTheModulesDirectoryAreRefused) {
    EXPECT_EQ(error(outside_.file("dummy.ko")), ErrorCode::InvalidArgument);
    EXPECT_EQ(error((modules_dir_ / "kernel" / "escape.ko").string()), ErrorCode::InvalidArgument);
    EXPECT_EQ(error((modules_dir_ / ".." / "elsewhere.ko").string()), ErrorCode::InvalidArgument);
    EXPECT_EQ(error(modules_dir_.string() + "-evil/dummy.ko"), ErrorCode::InvalidArgument);
    EXPECT_EQ(error("kernel/dummy.ko"), ErrorCode::InvalidArgument);
    try {
        info(outside_.file("dummy.ko"));
    } catch (const ModuleError& e) {
        EXPECT_NE(std::string(e.what()).find("only paths inside " + modules_dir_.string()),
                  std::string::npos)
            << e.what();
    }
}

TEST_F(ModuleInfoByPath, MissingOrBrokenFilesInsideAreReported) {
    EXPECT_EQ(error((modules_dir_ / "kernel" / "missing.ko").string()), ErrorCode::NotFound);
    fs::copy_file(outside_.file("not-a-module.ko"), modules_dir_ / "kernel" / "text.ko");
    EXPECT_EQ(error((modules_dir_ / "kernel" / "text.ko").string()), ErrorCode::InvalidArgument);
}

TEST_F(ModuleInfoByPath, OpenFileAnywhere) {
    kernel_.add({"dummy", {}, 0, {{"numdummies", "1"}}});
    const Fd fd(outside_.file("dummy.ko"));
    ASSERT_GE(fd.get(), 0);
    const ModuleInfo dummy =
        read_module_info_image(kmod_, kernel_, ModuleImage::from_caller_fd(fd.get()));
    EXPECT_EQ(field<std::string>(dummy, "name"), "dummy");
    EXPECT_EQ(field<std::string>(dummy, "filename"), outside_.file("dummy.ko"));
    EXPECT_EQ(field<std::string>(dummy, "license"), "GPL");
    EXPECT_FALSE(field<bool>(dummy, "builtin"));
    EXPECT_TRUE(field<bool>(dummy, "loaded"));
    EXPECT_EQ(field<std::string>(dummy, "state"), "live");
    EXPECT_EQ(dummy.count("blacklisted"), 0u);
    // Of the file, not of the module loaded by that name (which the kernel did not verify).
    EXPECT_TRUE(field<bool>(dummy, "signed"));
}

TEST_F(ModuleInfoByPath, OpenFileThatIsNoModuleIsRefused) {
    const Fd text(outside_.file("not-a-module.ko"));
    auto info_of_fd = [&](int fd) {
        return read_module_info_image(kmod_, kernel_, ModuleImage::from_caller_fd(fd));
    };
    EXPECT_EQ(error_of([&] { info_of_fd(text.get()); }), ErrorCode::InvalidArgument);
    const Fd directory(outside_.path(), O_RDONLY | O_DIRECTORY);
    EXPECT_EQ(error_of([&] { info_of_fd(directory.get()); }), ErrorCode::InvalidArgument);
    EXPECT_EQ(error_of([&] { info_of_fd(-1); }), ErrorCode::InvalidArgument);
}

} // namespace
} // namespace modmgr
