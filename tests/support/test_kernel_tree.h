#pragma once
// Where the unpacked Debian kernel tree is. ctest passes its root in
// MODMGR_TEST_KERNEL_ROOT; there is deliberately no default, so a test never silently runs
// against whatever happens to be on the machine.
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

namespace modmgr {

// The tree's root (contains lib/modules/<version>). Throws std::runtime_error, which
// GoogleTest reports as a test failure, when the variable is unset or the tree is missing.
inline std::string test_kernel_root() {
    const char* root = std::getenv("MODMGR_TEST_KERNEL_ROOT");
    if (root == nullptr || *root == '\0')
        throw std::runtime_error(
            "MODMGR_TEST_KERNEL_ROOT is not set: run the tests through ctest, or set it to an "
            "unpacked kernel package (scripts/fetch-kernel DEST creates one)");
    std::error_code ec;
    if (!std::filesystem::is_directory(std::filesystem::path(root) / "lib" / "modules", ec))
        throw std::runtime_error(std::string("MODMGR_TEST_KERNEL_ROOT=") + root +
                                 " has no lib/modules directory: run scripts/fetch-kernel " +
                                 root);
    return root;
}

// <root>/lib/modules/<version>, whatever the version is (independent of uname). Throws
// unless there is exactly one version directory.
inline std::string test_modules_dir() {
    const std::filesystem::path modules = std::filesystem::path(test_kernel_root()) / "lib" / "modules";
    std::vector<std::filesystem::path> versions;
    for (const auto& entry : std::filesystem::directory_iterator(modules))
        if (entry.is_directory())
            versions.push_back(entry.path());
    if (versions.size() != 1)
        throw std::runtime_error(modules.string() + " must hold exactly one kernel version, found " +
                                 std::to_string(versions.size()));
    return versions.front().string();
}

} // namespace modmgr
