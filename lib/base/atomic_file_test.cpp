#include "base/atomic_file.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <thread>

#include "base/module_error.h"
#include "config/config_syntax.h"
#include "config/owned_files.h"
#include "support/scratch_dir.h"

namespace modmgr {
namespace {

namespace fs = std::filesystem;
using Strings = std::vector<std::string>;

Strings entries(const std::string& directory) {
    Strings names;
    for (const auto& entry : fs::directory_iterator(directory))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

mode_t mode_of(const std::string& path) {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
    return st.st_mode & 07777;
}

// modmgrd runs with UMask=0077; the files it writes must still be readable by all.
class RestrictiveUmask {
public:
    RestrictiveUmask() : saved_(::umask(0077)) {}
    ~RestrictiveUmask() { ::umask(saved_); }

private:
    mode_t saved_;
};

TEST(AtomicFile, WritesReplacesAndLeavesNothingElse) {
    ScratchDir dir;
    RestrictiveUmask umask;
    const std::string path = dir.file("etc/modprobe.d/zz-modmgr.conf");
    write_file_atomically(path, "blacklist dummy\n");
    EXPECT_EQ(read_config_text(path), "blacklist dummy\n");
    EXPECT_EQ(mode_of(path), 0644u);
    EXPECT_EQ(mode_of(dir.file("etc")), 0755u);
    EXPECT_EQ(mode_of(dir.file("etc/modprobe.d")), 0755u);

    write_file_atomically(path, "blacklist ifb\n");
    EXPECT_EQ(read_config_text(path), "blacklist ifb\n");
    EXPECT_EQ(entries(dir.file("etc/modprobe.d")), Strings{"zz-modmgr.conf"});
}

TEST(AtomicFile, AFailedWriteLeavesTheOldFileAndNoTemporaryFile) {
    ScratchDir dir;
    // rename() cannot put a file over a directory that holds something.
    const std::string path = dir.write("d/zz-modmgr.conf/keep", "old");
    const ModuleError error = [&] {
        try {
            write_file_atomically(dir.file("d/zz-modmgr.conf"), "new");
        } catch (const ModuleError& e) {
            return e;
        }
        throw std::runtime_error("the write succeeded");
    }();
    EXPECT_EQ(error.code(), ErrorCode::Failed);
    EXPECT_NE(std::string(error.what()).find("the old file is untouched"), std::string::npos) << error.what();
    EXPECT_EQ(entries(dir.file("d")), Strings{"zz-modmgr.conf"});
    EXPECT_EQ(read_config_text(path), "old");
}

TEST(AtomicFile, AParentThatIsAFileFailsBeforeWriting) {
    ScratchDir dir;
    dir.write("etc", "not a directory");
    EXPECT_THROW(write_file_atomically(dir.file("etc/modprobe.d/zz-modmgr.conf"), "x"), ModuleError);
    EXPECT_EQ(read_config_text(dir.file("etc")), "not a directory");
}

TEST(AtomicFile, RemovesDurablyAndAMissingFileIsFine) {
    ScratchDir dir;
    const std::string path = dir.write("d/zz-modmgr.conf", "x");
    remove_file_durably(path);
    EXPECT_FALSE(fs::exists(path));
    EXPECT_NO_THROW(remove_file_durably(path));
    EXPECT_THROW(remove_file_durably(dir.file("d")), ModuleError); // a directory
}

TEST(AtomicFile, StaleTemporaryFilesOfThatFileOnlyAreRemoved) {
    ScratchDir dir;
    dir.write("d/zz-modmgr.conf", "x");
    dir.write("d/.zz-modmgr.conf.a1B2c3", "partial");
    dir.write("d/.zz-modmgr.conf.Zz9Yy8", "");
    dir.write("d/.zz-modmgr.conf.toolong", "");  // not what mkostemp makes
    dir.write("d/.other.conf.a1B2c3", "");    // another file's
    dir.write("d/other.conf", "");
    remove_stale_temp_files(dir.file("d/zz-modmgr.conf"));
    EXPECT_EQ(entries(dir.file("d")),
              (Strings{".other.conf.a1B2c3", ".zz-modmgr.conf.toolong", "other.conf", "zz-modmgr.conf"}));
    EXPECT_NO_THROW(remove_stale_temp_files(dir.file("missing/zz-modmgr.conf")));
}

// TMPDIR for the scope of one test, so ScratchDir puts its directory there.
class TempDirectoryOverride {
public:
    explicit TempDirectoryOverride(const std::string& directory) {
        if (const char* saved = std::getenv("TMPDIR"))
            saved_ = saved;
        ::setenv("TMPDIR", directory.c_str(), 1);
    }
    ~TempDirectoryOverride() {
        if (saved_.empty())
            ::unsetenv("TMPDIR");
        else
            ::setenv("TMPDIR", saved_.c_str(), 1);
    }

private:
    std::string saved_;
};

// Two valid managed files of very different sizes, so that a kill lands inside the write of
// the large one often.
std::pair<OwnedFiles, OwnedFiles> small_and_large() {
    OwnedFiles small;
    for (int i = 0; i < 35; ++i)
        small.blacklisted.insert("small_module_" + std::to_string(i));
    OwnedFiles large;
    for (int i = 0; i < 4; ++i)
        large.options["large_module_" + std::to_string(i)] =
            std::vector<std::string>(50, "value=" + std::string(1000, 'v'));
    return {small, large};
}

TEST(AtomicFile, AWriterKilledAtAnyInstantLeavesTheOldOrTheNewFile) {
    const auto [small, large] = small_and_large();
    const std::string small_text = render_modprobe_file(small);
    const std::string large_text = render_modprobe_file(large);
    ASSERT_GT(small_text.size(), 1000u);
    ASSERT_GT(large_text.size(), 200000u);

    // A kill, unlike a power cut, loses nothing the kernel has accepted, so a file system in
    // memory shows the same states; there fsync costs nothing, and a kill after 0-3 ms lands
    // anywhere in many write cycles (on a disk one fsync of the large file alone takes longer).
    const TempDirectoryOverride in_memory("/dev/shm");
    ScratchDir dir;
    const std::string path = dir.file("etc/modprobe.d/zz-modmgr.conf");
    write_file_atomically(path, small_text);
    const unsigned seed = std::random_device{}();
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> delay_us(0, 3000);
    int seen_small = 0, seen_large = 0, killed_mid_write = 0;
    for (int round = 0; round < 300; ++round) {
        const bool large_first = read_config_text(path) == small_text;
        const size_t files_before = entries(dir.file("etc/modprobe.d")).size();
        const pid_t child = fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            try {
                for (bool large = large_first;; large = !large)
                    write_file_atomically(path, large ? large_text : small_text);
            } catch (...) {
                _exit(1);
            }
        }
        std::this_thread::sleep_for(std::chrono::microseconds(delay_us(random)));
        ::kill(child, SIGKILL);
        int status = 0;
        ASSERT_EQ(::waitpid(child, &status, 0), child);
        ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the writer failed";

        const std::string text = read_config_text(path);
        ASSERT_TRUE(text == small_text || text == large_text)
            << "round " << round << ": " << text.size() << " bytes, neither old nor new";
        const OwnedFiles parsed = parse_modprobe_file(text, path);
        ASSERT_EQ(parsed, text == small_text ? small : large);
        (text == small_text ? seen_small : seen_large)++;
        killed_mid_write += entries(dir.file("etc/modprobe.d")).size() > files_before ? 1 : 0;
    }
    // Otherwise the kills never landed where it matters, and the test proved nothing.
    EXPECT_GT(seen_small, 0);
    EXPECT_GT(seen_large, 0);
    EXPECT_GT(killed_mid_write, 0);

    remove_stale_temp_files(path);
    EXPECT_EQ(entries(dir.file("etc/modprobe.d")), Strings{"zz-modmgr.conf"});
}

} // namespace
} // namespace modmgr
