// A caller's compressed module file, as modmgrd unpacks it itself: whatever the bytes, the
// output never passes the bound and a bad input is a ModuleError(InvalidArgument).
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>

#include "base/module_error.h"
#include "fuzz_check.h"
#include "image/module_decompression.h"

using namespace modmgr;

namespace {

// Small enough that a bomb reaches it at once; chunks of output are 64 KiB.
constexpr size_t kBound = 256 * 1024;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const Compression compression = compression_of(data, size);
    if (compression == Compression::None)
        return 0;
    const int source = memfd_create("fuzz-in", MFD_CLOEXEC);
    const int target = memfd_create("fuzz-out", MFD_CLOEXEC);
    FUZZ_CHECK(source >= 0 && target >= 0);
    FUZZ_CHECK(write(source, data, size) == static_cast<ssize_t>(size));
    try {
        decompress_module(compression, source, target, kBound);
    } catch (const ModuleError& e) {
        FUZZ_CHECK(e.code() == ErrorCode::InvalidArgument);
    }
    FUZZ_CHECK(static_cast<size_t>(lseek(target, 0, SEEK_END)) <= kBound + 64 * 1024);
    close(source);
    close(target);
    return 0;
}
