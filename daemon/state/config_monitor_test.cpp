#include "state/config_monitor.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/scratch_dir.h"

using namespace modmgr;
using namespace std::chrono_literals;

namespace {

// Each test scripts one run of a real event loop: steps at fixed delays, the monitor's
// reports counted, the loop ended by the script or by a timeout (exit code 1).
class ConfigMonitorTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::filesystem::create_directories(dir.file("etc/modprobe.d"));
        std::filesystem::create_directories(dir.file("run"));
    }

    int run_for(std::chrono::milliseconds limit) {
        loop.after(limit, [this] { loop.exit(1); });
        return loop.run();
    }

    ScratchDir dir;
    EventLoop loop;
    int reports = 0;
};

} // namespace

TEST_F(ConfigMonitorTest, AFileWrittenByHandIsReported) {
    ConfigMonitor monitor(loop, {dir.file("etc/modprobe.d")}, [this] {
        ++reports;
        loop.exit(0);
    });
    loop.after(10ms, [this] { dir.write("etc/modprobe.d/local.conf", "blacklist dummy\n"); });
    EXPECT_EQ(run_for(3s), 0);
    EXPECT_EQ(reports, 1);
}

TEST_F(ConfigMonitorTest, RemovalAndRenameAreReported) {
    dir.write("etc/modprobe.d/a.conf", "blacklist dummy\n");
    ConfigMonitor monitor(loop, {dir.file("etc/modprobe.d")}, [this] {
        if (++reports == 1)
            std::filesystem::rename(dir.file("etc/modprobe.d/b.conf"), dir.file("etc/modprobe.d/c.conf"));
        else
            loop.exit(0);
    });
    loop.after(10ms, [this] {
        std::filesystem::rename(dir.file("etc/modprobe.d/a.conf"), dir.file("etc/modprobe.d/b.conf"));
    });
    EXPECT_EQ(run_for(3s), 0);
    EXPECT_EQ(reports, 2);
}

TEST_F(ConfigMonitorTest, HiddenAndForeignFilesAreNotConfiguration) {
    ConfigMonitor monitor(loop, {dir.file("etc/modprobe.d")}, [this] { ++reports; });
    loop.after(10ms, [this] {
        // modmgrd's own temporary files are hidden: only the rename that ends a write counts.
        dir.write("etc/modprobe.d/.zz-modmgr.conf.Xy12ab", "blacklist dummy\n");
        dir.write("etc/modprobe.d/README", "not configuration\n");
        dir.write("etc/modprobe.d/old.conf~", "blacklist dummy\n");
    });
    EXPECT_EQ(run_for(500ms), 1); // ended by the timeout
    EXPECT_EQ(reports, 0);
}

TEST_F(ConfigMonitorTest, ABurstOfChangesIsOneReport) {
    ConfigMonitor monitor(loop, {dir.file("etc/modprobe.d")}, [this] { ++reports; });
    loop.after(10ms, [this] {
        for (int i = 0; i < 20; ++i)
            dir.write("etc/modprobe.d/f" + std::to_string(i) + ".conf", "blacklist dummy\n");
    });
    run_for(500ms);
    EXPECT_EQ(reports, 1);
}

TEST_F(ConfigMonitorTest, ADirectoryCreatedLaterIsWatchedFromThenOn) {
    ConfigMonitor monitor(loop, {dir.file("run/modprobe.d")}, [this] {
        if (++reports == 1)
            dir.write("run/modprobe.d/runtime.conf", "options dummy numdummies=2\n");
        else
            loop.exit(0);
    });
    loop.after(10ms, [this] { std::filesystem::create_directory(dir.file("run/modprobe.d")); });
    EXPECT_EQ(run_for(3s), 0);
    EXPECT_EQ(reports, 2);
}

TEST_F(ConfigMonitorTest, MissingParentsAreWaitedForOneStepAtATime) {
    ConfigMonitor monitor(loop, {dir.file("usr/local/lib/modprobe.d")}, [this] {
        if (++reports == 1)
            dir.write("usr/local/lib/modprobe.d/site.conf", "blacklist dummy\n");
        else
            loop.exit(0);
    });
    loop.after(10ms, [this] {
        std::filesystem::create_directories(dir.file("usr/local/lib/modprobe.d"));
    });
    EXPECT_EQ(run_for(3s), 0);
    EXPECT_EQ(reports, 2);
}

TEST_F(ConfigMonitorTest, AFileReachedThroughASymlinkIsWatchedWhereItLives) {
    // Debian: /etc/modules-load.d/modules.conf -> ../modules, and admins edit /etc/modules.
    dir.write("etc/modules", "# /etc/modules\n");
    std::filesystem::create_directories(dir.file("etc/modules-load.d"));
    std::filesystem::create_symlink("../modules", dir.file("etc/modules-load.d/modules.conf"));
    ConfigMonitor monitor(loop, {dir.file("etc/modules-load.d")}, [this] {
        ++reports;
        loop.exit(0);
    });
    loop.after(10ms, [this] { std::ofstream(dir.file("etc/modules"), std::ios::app) << "dummy\n"; });
    EXPECT_EQ(run_for(3s), 0);
    EXPECT_EQ(reports, 1);
}
