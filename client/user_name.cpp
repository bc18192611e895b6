#include "user_name.h"

#include <pwd.h>

#include <cerrno>
#include <vector>

namespace modmgr {

namespace {

// getpwuid_r's buffer: enough for any passwd line; it grows on ERANGE up to the last size.
constexpr size_t kFirstBufferSize = 1024;
constexpr size_t kLargestBufferSize = 1 << 20;

} // namespace

std::optional<std::string> local_user_name(uid_t uid) {
    for (size_t size = kFirstBufferSize; size <= kLargestBufferSize; size *= 2) {
        std::vector<char> buffer(size);
        passwd entry{};
        passwd* found = nullptr;
        const int error = ::getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found);
        if (error == ERANGE)
            continue;
        if (error != 0 || !found)
            return std::nullopt;
        return std::string(found->pw_name);
    }
    return std::nullopt;
}

} // namespace modmgr
