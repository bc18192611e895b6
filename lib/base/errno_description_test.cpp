#include "base/errno_description.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace modmgr {
namespace {

bool starts_with(const std::string& text, const std::string& prefix) {
    return text.compare(0, prefix.size(), prefix) == 0;
}

TEST(ErrnoName, KnownAndUnknown) {
    EXPECT_EQ(errno_name(EPERM), "EPERM");
    EXPECT_EQ(errno_name(ENOENT), "ENOENT");
    EXPECT_EQ(errno_name(ENOEXEC), "ENOEXEC");
    EXPECT_EQ(errno_name(EKEYREJECTED), "EKEYREJECTED");
    EXPECT_EQ(errno_name(ENOKEY), "ENOKEY");
    EXPECT_EQ(errno_name(EBADMSG), "EBADMSG");
    EXPECT_EQ(errno_name(ETIMEDOUT), "ETIMEDOUT");
    EXPECT_EQ(errno_name(EWOULDBLOCK), errno_name(EAGAIN));
    EXPECT_EQ(errno_name(-ENODEV), "ENODEV"); // libkmod's negative convention
    EXPECT_EQ(errno_name(4000), "E4000");
}

TEST(InsertError, AlreadyLoaded) {
    const ModuleError e = insert_error("dummy", -EEXIST);
    EXPECT_EQ(e.code(), ErrorCode::AlreadyLoaded);
    EXPECT_NE(std::string(e.what()).find("dummy"), std::string::npos);
}

TEST(InsertError, KernelRefusalsCarryNameAndReason) {
    const struct {
        int errnum;
        const char* message;
    } cases[] = {
        {EKEYREJECTED, "EKEYREJECTED: the kernel rejected the module's signature (module vxlan)"},
        {ENOKEY, "ENOKEY: the module is not signed with a trusted key and the kernel requires one "
                 "(module vxlan)"},
        {ENOEXEC, "ENOEXEC: not a valid module for this kernel (bad format, architecture or "
                  "version magic) (module vxlan)"},
        {ENOENT, "ENOENT: unknown symbol or parameter (see the kernel log) (module vxlan)"},
        {EINVAL, "EINVAL: invalid parameter value or symbol version mismatch (see the kernel log) "
                 "(module vxlan)"},
        {EPERM, "EPERM: the kernel forbids loading modules (lockdown, modules_disabled or "
                "module_blacklist=) (module vxlan)"},
        {ENODEV, "ENODEV: the module found no device (module vxlan)"},
    };
    for (const auto& c : cases) {
        const ModuleError e = insert_error("vxlan", -c.errnum);
        EXPECT_EQ(e.code(), ErrorCode::KernelRefused);
        EXPECT_EQ(std::string(e.what()), c.message);
    }
}

TEST(InsertError, UnknownErrnoStillNamed) {
    const ModuleError e = insert_error("dummy", 4000);
    EXPECT_EQ(e.code(), ErrorCode::KernelRefused);
    EXPECT_TRUE(starts_with(e.what(), "E4000: ")) << e.what();
    EXPECT_NE(std::string(e.what()).find("(module dummy)"), std::string::npos);
}

TEST(RemoveError, MapsToKinds) {
    EXPECT_EQ(remove_error("fuse", -EWOULDBLOCK).code(), ErrorCode::InUse);
    EXPECT_EQ(std::string(remove_error("fuse", EAGAIN).what()), "fuse is in use");
    const ModuleError busy = remove_error("fuse", -EBUSY);
    EXPECT_EQ(busy.code(), ErrorCode::InUse);
    EXPECT_EQ(std::string(busy.what()),
              "fuse is not live: it is still initializing or already unloading");
    EXPECT_EQ(remove_error("fuse", -ENOENT).code(), ErrorCode::NotLoaded);
    const ModuleError denied = remove_error("fuse", -EPERM);
    EXPECT_EQ(denied.code(), ErrorCode::KernelRefused);
    EXPECT_TRUE(starts_with(denied.what(), "EPERM: ")) << denied.what();
    const ModuleError other = remove_error("fuse", -EINTR);
    EXPECT_EQ(other.code(), ErrorCode::KernelRefused);
    EXPECT_TRUE(starts_with(other.what(), "EINTR: ")) << other.what();
    EXPECT_NE(std::string(other.what()).find("(module fuse)"), std::string::npos);
}

} // namespace
} // namespace modmgr
