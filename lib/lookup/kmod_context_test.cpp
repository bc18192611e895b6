#include "lookup/kmod_context.h"

#include <gtest/gtest.h>
#include <libkmod.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support/scratch_dir.h"
#include "support/test_kernel_tree.h"

namespace modmgr {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> lookup(kmod_ctx* ctx, const std::string& name) {
    kmod_list* list = nullptr;
    EXPECT_GE(kmod_module_new_from_lookup(ctx, name.c_str(), &list), 0);
    std::vector<std::string> names;
    kmod_list* l;
    kmod_list_foreach(l, list) {
        kmod_module* module = kmod_module_get_module(l);
        names.emplace_back(kmod_module_get_name(module));
        kmod_module_unref(module);
    }
    kmod_module_unref_list(list);
    return names;
}

void append(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::app) << text;
}

// Tests run without /usr/sbin in PATH as often as with it.
std::string depmod_program() {
    for (const char* dir : {"/usr/sbin", "/sbin", "/usr/bin", "/bin"})
        if (fs::exists(fs::path(dir) / "depmod"))
            return (fs::path(dir) / "depmod").string();
    throw std::runtime_error("depmod (kmod) is not installed");
}

std::string tree_module(const std::string& relative) {
    return (fs::path(test_modules_dir()) / "kernel" / relative).string();
}

TEST(KmodContext, DefaultConfigPathsAreLibkmods) {
    KmodContext kmod(KmodSettings{test_modules_dir(), {}});
    EXPECT_EQ(kmod.effective_config_paths(),
              (std::vector<std::string>{"/etc/modprobe.d", "/run/modprobe.d",
                                        "/usr/local/lib/modprobe.d", "/lib/modprobe.d"}));
}

TEST(KmodContext, UsesTheGivenTreeAndConfig) {
    ScratchDir config;
    KmodContext kmod(KmodSettings{test_modules_dir(), {config.path()}});
    EXPECT_EQ(kmod.modules_dir(), test_modules_dir());
    EXPECT_EQ(kmod.effective_config_paths(), std::vector<std::string>{config.path()});
    EXPECT_EQ(lookup(kmod.get(), "e1000e"), std::vector<std::string>{"e1000e"});
    EXPECT_EQ(lookup(kmod.get_without_config(), "e1000e"), std::vector<std::string>{"e1000e"});
}

TEST(KmodContext, KeepsTheContextWhileNothingChanges) {
    ScratchDir config;
    KmodContext kmod(KmodSettings{test_modules_dir(), {config.path()}});
    kmod_ctx* first = kmod.get();
    EXPECT_EQ(kmod.get(), first);
    kmod_ctx* bare = kmod.get_without_config();
    EXPECT_EQ(kmod.get_without_config(), bare);
    EXPECT_NE(bare, first);
}

TEST(KmodContext, ContextWithoutConfigIgnoresModprobeDAliases) {
    ScratchDir config;
    config.write("test.conf", "alias modmgr_test_alias dummy\n");
    KmodContext kmod(KmodSettings{test_modules_dir(), {config.path()}});
    EXPECT_EQ(lookup(kmod.get(), "modmgr_test_alias"), std::vector<std::string>{"dummy"});
    EXPECT_TRUE(lookup(kmod.get_without_config(), "modmgr_test_alias").empty());
}

TEST(KmodContext, NoticesAConfigFileEditedInPlace) {
    ScratchDir config;
    const std::string file = config.write("test.conf", "# nothing yet\n");
    KmodContext kmod(KmodSettings{test_modules_dir(), {config.path()}});
    EXPECT_TRUE(lookup(kmod.get(), "modmgr_test_alias").empty());

    // Appending keeps the directory's mtime: libkmod alone would not notice.
    append(file, "alias modmgr_test_alias dummy\n");
    EXPECT_EQ(lookup(kmod.get(), "modmgr_test_alias"), std::vector<std::string>{"dummy"});
}

// A scratch module tree holding dummy.ko, with its indexes; returns the modules directory.
class ScratchTree {
public:
    ScratchTree() : version_(fs::path(test_modules_dir()).filename().string()) {
        for (const char* input : {"modules.order", "modules.builtin", "modules.builtin.modinfo"})
            root_.write("lib/modules/" + version_ + "/" + input, "");
        fs::create_directories(modules_dir() / "kernel");
        add("drivers/net/dummy.ko");
        depmod();
    }
    fs::path modules_dir() const { return root_.file("lib/modules/" + version_); }
    void add(const std::string& module) {
        fs::copy_file(tree_module(module), modules_dir() / "kernel" / fs::path(module).filename());
    }
    void depmod() const {
        const std::string command = depmod_program() + " -b '" + root_.path() + "' " + version_;
        ASSERT_EQ(std::system(command.c_str()), 0);
    }

private:
    ScratchDir root_;
    std::string version_;
};

TEST(KmodContext, NoticesANewDepmodRun) {
    ScratchTree tree;
    ScratchDir config;
    KmodContext kmod(KmodSettings{tree.modules_dir().string(), {config.path()}});
    EXPECT_EQ(lookup(kmod.get(), "dummy"), std::vector<std::string>{"dummy"});
    EXPECT_TRUE(lookup(kmod.get(), "veth").empty());
    EXPECT_TRUE(lookup(kmod.get_without_config(), "veth").empty());

    tree.add("drivers/net/veth.ko");
    tree.depmod();
    EXPECT_EQ(lookup(kmod.get(), "veth"), std::vector<std::string>{"veth"});
    EXPECT_EQ(lookup(kmod.get_without_config(), "veth"), std::vector<std::string>{"veth"});
}

TEST(KmodContext, NoticesAnIndexTouchedInPlace) {
    ScratchTree tree;
    ScratchDir config;
    KmodContext kmod(KmodSettings{tree.modules_dir().string(), {config.path()}});
    kmod_ctx* first = kmod.get();
    kmod_ctx* bare = kmod.get_without_config();
    EXPECT_EQ(kmod.get(), first);
    EXPECT_EQ(kmod.get_without_config(), bare);

    // What libkmod compares is the index's mtime, set here alone (IN_MODIFY, not IN_ATTRIB);
    // nothing is renamed in the directory.
    const fs::path index = tree.modules_dir() / "modules.dep.bin";
    fs::last_write_time(index, fs::last_write_time(index) + std::chrono::hours(1));
    EXPECT_NE(kmod.get(), first);
    EXPECT_NE(kmod.get_without_config(), bare);
}

} // namespace
} // namespace modmgr
