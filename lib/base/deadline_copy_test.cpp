#include "base/deadline_copy.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/module_error.h"
#include "support/scratch_dir.h"

namespace modmgr {
namespace {

using namespace std::chrono_literals;

std::string error_of(int source, size_t max_bytes, std::chrono::milliseconds deadline) {
    const int target = memfd_create("copy", MFD_CLOEXEC);
    std::string error;
    try {
        copy_before_deadline(source, target, max_bytes, deadline);
    } catch (const ModuleError& e) {
        EXPECT_EQ(e.code(), ErrorCode::InvalidArgument) << e.what();
        error = e.what();
    }
    close(target);
    // The child was waited for, whatever happened.
    EXPECT_EQ(waitpid(-1, nullptr, WNOHANG), -1);
    return error;
}

TEST(DeadlineCopyTest, CopiesTheWholeFileThroughTheDescriptor) {
    ScratchDir dir;
    const std::string content = std::string(200000, 'x') + "end";
    dir.write("source", content);
    const int source = open(dir.file("source").c_str(), O_RDONLY | O_CLOEXEC);
    // Removed: only the descriptor can reach it now.
    unlink(dir.file("source").c_str());
    const int target = memfd_create("copy", MFD_CLOEXEC);
    EXPECT_EQ(copy_before_deadline(source, target, 1 << 20, 5000ms), content.size());
    std::string copied(content.size(), '\0');
    EXPECT_EQ(pread(target, copied.data(), copied.size(), 0), static_cast<ssize_t>(copied.size()));
    EXPECT_TRUE(copied == content);
    close(source);
    close(target);
}

TEST(DeadlineCopyTest, RefusesFilesOverTheBoundDescriptorsWithoutReadAccessAndTheDeadline) {
    ScratchDir dir;
    dir.write("big", std::string(3 << 20, 'x'));
    const int big = open(dir.file("big").c_str(), O_RDONLY | O_CLOEXEC);
    EXPECT_NE(error_of(big, 1 << 20, 5000ms).find("larger than 1 MiB"), std::string::npos);
    EXPECT_NE(error_of(big, 8 << 20, 0ms).find("not read within 0 ms"), std::string::npos);
    const int path_only = open(dir.file("big").c_str(), O_PATH | O_CLOEXEC);
    EXPECT_NE(error_of(path_only, 8 << 20, 5000ms).find("cannot read the file"), std::string::npos);
    const int write_only = open(dir.file("big").c_str(), O_WRONLY | O_CLOEXEC);
    EXPECT_NE(error_of(write_only, 8 << 20, 5000ms).find("cannot read the file"), std::string::npos);
    close(big);
    close(path_only);
    close(write_only);
}

} // namespace
} // namespace modmgr
