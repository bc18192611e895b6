#include "config/config_stamp.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

namespace modmgr {
namespace {

int64_t nanoseconds(const timespec& t) { return int64_t{t.tv_sec} * 1'000'000'000 + t.tv_nsec; }

} // namespace

bool ConfigStamp::Status::operator==(const Status& o) const {
    return error == o.error && device == o.device && inode == o.inode && size == o.size &&
           mtime_ns == o.mtime_ns && ctime_ns == o.ctime_ns;
}

ConfigStamp::Status ConfigStamp::status_of(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return Status{errno};
    return Status{0,
                  static_cast<uint64_t>(st.st_dev),
                  static_cast<uint64_t>(st.st_ino),
                  static_cast<int64_t>(st.st_size),
                  nanoseconds(st.st_mtim),
                  nanoseconds(st.st_ctim)};
}

void ConfigStamp::add(const std::string& path) { paths_.emplace_back(path, status_of(path)); }

bool ConfigStamp::current() const {
    return std::all_of(paths_.begin(), paths_.end(), [](const auto& recorded) {
        const auto& [path, status] = recorded;
        return (status.error == 0 || status.error == ENOENT) && status_of(path) == status;
    });
}

std::vector<std::string> ConfigStamp::paths() const {
    std::vector<std::string> paths;
    paths.reserve(paths_.size());
    for (const auto& recorded : paths_)
        paths.push_back(recorded.first);
    return paths;
}

} // namespace modmgr
