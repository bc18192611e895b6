#include "text_output.h"

#include <unistd.h>

#include <cerrno>

namespace modmgr {

bool write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        const ssize_t written = ::write(fd, text.data(), text.size());
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return false;
        text.remove_prefix(static_cast<size_t>(written));
    }
    return true;
}

TextOutput& TextOutput::operator<<(std::string_view text) {
    if (buffering_ == Buffering::None)
        ok_ = write_all(fd_, text) && ok_;
    else
        pending_.append(text);
    return *this;
}

void TextOutput::flush() {
    if (pending_.empty())
        return;
    ok_ = write_all(fd_, pending_) && ok_;
    pending_.clear();
}

} // namespace modmgr
