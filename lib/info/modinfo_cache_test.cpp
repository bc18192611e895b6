#include "info/modinfo_cache.h"

#include <gtest/gtest.h>

#include "support/scratch_dir.h"

namespace modmgr {
namespace {

ConfigStamp stamp_of(const std::string& path) {
    ConfigStamp stamp;
    stamp.add(path);
    return stamp;
}

TEST(ModinfoCache, ServesAFileUntilItChanges) {
    ScratchDir dir;
    const std::string path = dir.write("dummy.ko", "first");
    ModinfoCache cache;
    EXPECT_EQ(cache.find(path), nullptr);
    cache.keep(path, stamp_of(path), {{"name", std::string("dummy")}});
    ASSERT_NE(cache.find(path), nullptr);
    EXPECT_EQ(std::get<std::string>(cache.find(path)->at("name")), "dummy");
    dir.write("dummy.ko", "replaced by a newer build"); // a package upgrade without depmod
    EXPECT_EQ(cache.find(path), nullptr);
}

TEST(ModinfoCache, HoldsAtMostItsCapacity) {
    ScratchDir dir;
    ModinfoCache cache;
    std::vector<std::string> paths;
    for (size_t i = 0; i <= ModinfoCache::kCapacity; ++i) {
        paths.push_back(dir.write("m" + std::to_string(i) + ".ko", "x"));
        cache.keep(paths.back(), stamp_of(paths.back()), {});
    }
    size_t kept = 0;
    for (const auto& path : paths)
        kept += cache.find(path) != nullptr;
    EXPECT_GE(kept, 1u);
    EXPECT_LE(kept, ModinfoCache::kCapacity);
}

} // namespace
} // namespace modmgr
