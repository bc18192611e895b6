#include "base/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "base/module_error.h"

namespace modmgr {
namespace {

namespace fs = std::filesystem;

// mkostemp() replaces exactly these six characters.
constexpr size_t kTempSuffixLength = 6;

[[noreturn]] void fail(const std::string& path, const std::string& step, int err,
                       const std::string& state) {
    throw ModuleError(ErrorCode::Failed, "cannot write " + path + ": " + step + ": " +
                                             std::strerror(err) + "; " + state);
}

std::string directory_of(const std::string& path) {
    const std::string parent = fs::path(path).parent_path().string();
    return parent.empty() ? "." : parent;
}

// ".NAME.": hidden, and tied to the one file it replaces.
std::string temp_prefix(const std::string& path) {
    return "." + fs::path(path).filename().string() + ".";
}

// 0 or the errno of the failure. A directory's entries (a rename, a new file, a removal)
// survive a crash only once the directory itself is synced.
int sync_directory(const std::string& directory) {
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    const int err = ::fsync(fd) == 0 ? 0 : errno;
    ::close(fd);
    return err;
}

// Creates `directory` and its missing parents with mode 0755: modmgrd runs with UMask=0077,
// and readers of the configuration are not all root.
void make_directory(const std::string& directory, const std::string& path) {
    const std::string untouched = "nothing was written";
    struct stat st {};
    if (::stat(directory.c_str(), &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            fail(path, directory + " is not a directory", ENOTDIR, untouched);
        return;
    }
    const std::string parent = directory_of(directory);
    if (parent != directory)
        make_directory(parent, path);
    if (::mkdir(directory.c_str(), 0755) != 0) {
        if (errno == EEXIST)
            return;
        fail(path, "mkdir " + directory, errno, untouched);
    }
    if (::chmod(directory.c_str(), 0755) != 0)
        fail(path, "chmod " + directory, errno, untouched);
    if (const int err = sync_directory(parent))
        fail(path, "fsync " + parent, err, untouched);
}

// The temporary file until it is renamed into place; removed if that never happens.
class TempFile {
public:
    TempFile(const std::string& directory, const std::string& target)
        : target_(target),
          path_(directory + "/" + temp_prefix(target) + std::string(kTempSuffixLength, 'X')) {
        fd_ = ::mkostemp(path_.data(), O_CLOEXEC);
        if (fd_ < 0)
            fail(target_, "cannot create a temporary file in " + directory, errno, kUntouched);
    }
    ~TempFile() {
        if (fd_ >= 0)
            ::close(fd_);
        if (!renamed_)
            ::unlink(path_.c_str());
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    void write(const std::string& content) {
        if (::fchmod(fd_, 0644) != 0)
            fail(target_, "fchmod", errno, kUntouched);
        size_t written = 0;
        while (written < content.size()) {
            const ssize_t n = ::write(fd_, content.data() + written, content.size() - written);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                fail(target_, "write", errno, kUntouched);
            written += static_cast<size_t>(n);
        }
        if (::fsync(fd_) != 0)
            fail(target_, "fsync", errno, kUntouched);
        const int fd = fd_;
        fd_ = -1;
        if (::close(fd) != 0)
            fail(target_, "close", errno, kUntouched);
    }

    void rename_over_target() {
        if (::rename(path_.c_str(), target_.c_str()) != 0)
            fail(target_, "rename", errno, kUntouched);
        renamed_ = true;
    }

private:
    static constexpr const char* kUntouched = "the old file is untouched";
    std::string target_;
    std::string path_;
    int fd_ = -1;
    bool renamed_ = false;
};

} // namespace

void write_file_atomically(const std::string& path, const std::string& content) {
    const std::string directory = directory_of(path);
    make_directory(directory, path);
    TempFile temp(directory, path);
    temp.write(content);
    temp.rename_over_target();
    if (const int err = sync_directory(directory))
        fail(path, "fsync " + directory, err,
             "the new content is in place but may not survive a crash");
}

void remove_file_durably(const std::string& path) {
    if (::unlink(path.c_str()) != 0) {
        if (errno == ENOENT)
            return;
        throw ModuleError(ErrorCode::Failed, "cannot remove " + path + ": " +
                                                 std::strerror(errno) + "; it is untouched");
    }
    const std::string directory = directory_of(path);
    if (const int err = sync_directory(directory))
        throw ModuleError(ErrorCode::Failed, "removed " + path + " but cannot fsync " + directory +
                                                 ": " + std::strerror(err) +
                                                 "; the removal may not survive a crash");
}

void remove_stale_temp_files(const std::string& path) {
    const std::string prefix = temp_prefix(path);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(directory_of(path), ec)) {
        const std::string name = entry.path().filename().string();
        if (name.size() == prefix.size() + kTempSuffixLength && name.compare(0, prefix.size(), prefix) == 0)
            // Best effort: a leftover that stays is hidden from every reader and harmless.
            fs::remove(entry.path(), ec);
    }
}

} // namespace modmgr
