#include "module_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>

#include "exit_codes.h"
#include "support/scratch_dir.h"
#include "wire_contract.h"

namespace modmgr {
namespace {

// The contract's rule, as modctl relies on it to decide what to open.
TEST(ModuleFile, RecognisesPathsAndModuleSuffixes) {
    EXPECT_TRUE(wire::names_a_module_file("./vxlan"));
    EXPECT_TRUE(wire::names_a_module_file("/lib/modules/x/vxlan.ko"));
    EXPECT_TRUE(wire::names_a_module_file("vxlan.ko"));
    EXPECT_TRUE(wire::names_a_module_file("vxlan.ko.xz"));
    EXPECT_TRUE(wire::names_a_module_file("vxlan.ko.zst"));
    EXPECT_TRUE(wire::names_a_module_file("vxlan.ko.gz"));
}

TEST(ModuleFile, NamesAndAliasesAreNotFiles) {
    EXPECT_FALSE(wire::names_a_module_file("vxlan"));
    EXPECT_FALSE(wire::names_a_module_file("rtnl-link-vxlan"));
    EXPECT_FALSE(wire::names_a_module_file("pci:v00008086d000010D3sv*"));
    EXPECT_FALSE(wire::names_a_module_file("kostya"));
    EXPECT_FALSE(wire::names_a_module_file("vxlan.ko.bz2"));
}

class ModuleFileOpen : public ::testing::Test {
protected:
    ScratchDir scratch_;
    const std::string directory_ = scratch_.path();
};

TEST_F(ModuleFileOpen, OpensARegularFileReadOnlyAndCloseOnExec) {
    const std::string path = directory_ + "/m.ko";
    std::ofstream(path) << "\x7f" "ELF";
    const auto fd = open_module_file(path);
    ASSERT_GE(fd.get(), 0);
    EXPECT_EQ(::fcntl(fd.get(), F_GETFL) & O_ACCMODE, O_RDONLY);
    EXPECT_TRUE(::fcntl(fd.get(), F_GETFD) & FD_CLOEXEC);
    // Still at its start, for the daemon to read from.
    char bytes[8] = {};
    EXPECT_EQ(::read(fd.get(), bytes, sizeof bytes), 4);
}

TEST_F(ModuleFileOpen, CompressedModulesAreOpened) {
    const std::pair<const char*, std::string> files[] = {
        {"m.ko.xz", std::string("\xfd" "7zXZ\0", 6) + "rest"},
        {"m.ko.zst", "\x28\xb5\x2f\xfd" "rest"},
        {"m.ko.gz", "\x1f\x8b" "rest"}};
    for (const auto& [name, content] : files) {
        const std::string path = directory_ + "/" + name;
        std::ofstream(path) << content;
        EXPECT_GE(open_module_file(path).get(), 0) << name;
    }
}

TEST_F(ModuleFileOpen, AFileThatIsNoModuleIsNamedAndRefused) {
    for (const std::string content : {"root:x:0:0:root:/root:/bin/bash\n", "", "\x7f" "EL"}) {
        const std::string path = directory_ + "/passwd";
        std::ofstream(path) << content;
        try {
            open_module_file(path);
            FAIL() << "opened: " << content;
        } catch (const CommandFailure& failure) {
            EXPECT_EQ(failure.code(), ExitCode::Usage);
            EXPECT_EQ(std::string(failure.what()),
                      path + " is not a kernel module (no ELF module image)");
        }
    }
}

TEST_F(ModuleFileOpen, MissingFileIsNotFound) {
    try {
        open_module_file(directory_ + "/missing.ko");
        FAIL() << "no exception";
    } catch (const CommandFailure& failure) {
        EXPECT_EQ(failure.code(), ExitCode::NotFound);
        EXPECT_EQ(std::string(failure.what()),
                  "cannot open " + directory_ + "/missing.ko: No such file or directory");
    }
}

TEST_F(ModuleFileOpen, DirectoryIsRejected) {
    try {
        open_module_file(directory_);
        FAIL() << "no exception";
    } catch (const CommandFailure& failure) {
        EXPECT_EQ(failure.code(), ExitCode::Usage);
        EXPECT_EQ(std::string(failure.what()), directory_ + " is not a regular file");
    }
}

TEST_F(ModuleFileOpen, UnreadableFileIsNotAuthorized) {
    const std::string path = directory_ + "/secret.ko";
    std::ofstream(path) << "\x7f" "ELF";
    ::chmod(path.c_str(), 0);
    ::chmod(directory_.c_str(), 0755);
    // Root reads any file (and CI runs as root): open it as an unprivileged user, in a child.
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0))
            ::_exit(2);
        try {
            open_module_file(path);
            ::_exit(3);
        } catch (const CommandFailure& failure) {
            ::_exit(failure.code() == ExitCode::NotAuthorized ? 0 : 4);
        } catch (...) {
            ::_exit(5);
        }
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "2: cannot drop privileges, 3: opened, 4: other code";
}

} // namespace
} // namespace modmgr
