#include "state/uevent_monitor.h"

#include <linux/netlink.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "base/input_validation.h"
#include "base/module_error.h"

namespace modmgr {

namespace {

constexpr unsigned kKernelGroup = 1;
// Room for a burst (a driver loading dozens of modules) without ENOBUFS.
constexpr int kReceiveBuffer = 4 * 1024 * 1024;

} // namespace

std::string Uevent::module() const {
    static const std::string prefix = "/module/";
    if (subsystem != "module" || devpath.compare(0, prefix.size(), prefix) != 0)
        return {};
    std::string name = devpath.substr(prefix.size());
    return name.find('/') == std::string::npos ? name : std::string();
}

std::string Uevent::device() const {
    // The kernel's unbind uevent carries no MODALIAS (seen on 6.1): DeviceBindings knows it.
    if ((modalias.empty() && action != "unbind") ||
        (action != "add" && action != "remove" && action != "bind" && action != "unbind"))
        return {};
    const std::string device = subsystem + "/" + devpath.substr(devpath.rfind('/') + 1);
    try {
        validate_device_name(device);
    } catch (const ModuleError&) {
        return {};
    }
    return device;
}

bool parse_uevent(const char* data, size_t size, Uevent& out) {
    // Kernel messages start with "ACTION@DEVPATH"; udev's start with "libudev\0".
    const char* end = data + size;
    const char* header_end = static_cast<const char*>(std::memchr(data, '\0', size));
    if (!header_end || !std::memchr(data, '@', header_end - data))
        return false;
    out = Uevent{};
    for (const char* p = header_end + 1; p < end;) {
        const char* field_end = static_cast<const char*>(std::memchr(p, '\0', end - p));
        if (!field_end)
            field_end = end;
        std::string field(p, field_end);
        auto eq = field.find('=');
        if (eq != std::string::npos) {
            std::string key = field.substr(0, eq);
            std::string value = field.substr(eq + 1);
            if (key == "ACTION")
                out.action = value;
            else if (key == "SUBSYSTEM")
                out.subsystem = value;
            else if (key == "DEVPATH")
                out.devpath = value;
            else if (key == "MODALIAS")
                out.modalias = value;
            else if (key == "DRIVER")
                out.driver = value;
        }
        p = field_end + 1;
    }
    return !out.action.empty() && !out.devpath.empty();
}

UeventMonitor::UeventMonitor(sd_event* event, std::function<void(const Uevent&)> on_change,
                             std::function<void(const Uevent&)> on_device,
                             std::function<void()> on_gap)
    : on_change_(std::move(on_change)), on_device_(std::move(on_device)), on_gap_(std::move(on_gap)) {
    fd_ = socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
    if (fd_ < 0)
        throw std::runtime_error(std::string("uevent socket: ") + std::strerror(errno));
    int size = kReceiveBuffer;
    // The kernel caps this at net.core.rmem_max; a smaller buffer only makes gaps likelier,
    // and gaps are handled by a rescan.
    setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    sockaddr_nl address{};
    address.nl_family = AF_NETLINK;
    address.nl_groups = kKernelGroup;
    if (bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) < 0) {
        int saved = errno;
        close(fd_);
        throw std::runtime_error(std::string("uevent bind: ") + std::strerror(saved));
    }
    int r = sd_event_add_io(event, &source_, fd_, EPOLLIN, on_readable, this);
    if (r < 0) {
        close(fd_);
        throw std::runtime_error(std::string("uevent io source: ") + std::strerror(-r));
    }
}

UeventMonitor::~UeventMonitor() {
    sd_event_source_disable_unref(source_);
    if (fd_ >= 0)
        close(fd_);
}

int UeventMonitor::on_readable(sd_event_source*, int fd, uint32_t, void* self) {
    auto* monitor = static_cast<UeventMonitor*>(self);
    char buffer[8192];
    for (;;) {
        sockaddr_nl sender{};
        iovec iov{buffer, sizeof buffer};
        char control[CMSG_SPACE(sizeof(ucred))];
        msghdr message{};
        message.msg_name = &sender;
        message.msg_namelen = sizeof sender;
        message.msg_iov = &iov;
        message.msg_iovlen = 1;
        message.msg_control = control;
        message.msg_controllen = sizeof control;
        ssize_t n = recvmsg(fd, &message, 0);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR)
                return 0;
            if (errno == ENOBUFS) {
                spdlog::warn("kernel uevents were lost (socket overflow): rescanning");
                monitor->on_gap_();
                continue;
            }
            spdlog::error("reading uevents: {}", std::strerror(errno));
            return 0;
        }
        // Only the kernel (port 0) speaks for itself; anything else could forge events.
        if (sender.nl_pid != 0)
            continue;
        Uevent event;
        if (!parse_uevent(buffer, static_cast<size_t>(n), event))
            continue;
        if (!event.module().empty())
            monitor->on_change_(event);
        else if (!event.device().empty())
            monitor->on_device_(event);
    }
}

} // namespace modmgr
