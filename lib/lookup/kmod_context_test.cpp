#include "lookup/kmod_context.h"

#include <gtest/gtest.h>
#include <libkmod.h>

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

TEST(KmodContext, NoticesANewDepmodRun) {
    ScratchDir root;
    const std::string version = fs::path(test_modules_dir()).filename().string();
    const fs::path modules_dir = root.file("lib/modules/" + version);
    for (const char* input : {"modules.order", "modules.builtin", "modules.builtin.modinfo"})
        root.write("lib/modules/" + version + "/" + input, "");
    fs::create_directories(modules_dir / "kernel");
    fs::copy_file(tree_module("drivers/net/dummy.ko"), modules_dir / "kernel" / "dummy.ko");
    const std::string depmod = depmod_program() + " -b '" + root.path() + "' " + version;
    ASSERT_EQ(std::system(depmod.c_str()), 0);

    ScratchDir config;
    KmodContext kmod(KmodSettings{modules_dir.string(), {config.path()}});
    EXPECT_EQ(lookup(kmod.get(), "dummy"), std::vector<std::string>{"dummy"});
    EXPECT_TRUE(lookup(kmod.get(), "veth").empty());
    EXPECT_TRUE(lookup(kmod.get_without_config(), "veth").empty());

    fs::copy_file(tree_module("drivers/net/veth.ko"), modules_dir / "kernel" / "veth.ko");
    ASSERT_EQ(std::system(depmod.c_str()), 0);
    EXPECT_EQ(lookup(kmod.get(), "veth"), std::vector<std::string>{"veth"});
    EXPECT_EQ(lookup(kmod.get_without_config(), "veth"), std::vector<std::string>{"veth"});
}

} // namespace
} // namespace modmgr
