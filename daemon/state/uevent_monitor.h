#pragma once
// Listens to the kernel's own uevents (netlink, kernel group) for subsystem "module" and for
// devices with a modalias: every module that appears or disappears, whoever loaded it (modmgrd, root running modprobe, udev
// autoloading a driver, the kernel's request_module). The kernel group rather than udev's
// sd-device monitor: udev only re-broadcasts what it processed, and a system (or a container,
// or an initrd) may run no udevd at all. Runs on the event loop.
#include <systemd/sd-event.h>

#include <functional>
#include <string>

namespace modmgr {

// One parsed uevent message: "add@/module/dummy\0ACTION=add\0DEVPATH=/module/dummy\0
// SUBSYSTEM=module\0SEQNUM=1234\0".
struct Uevent {
    std::string action;    // add, remove, change, ...
    std::string subsystem; // "module" for modules
    std::string devpath;   // /module/NAME
    std::string modalias;  // a device's MODALIAS, "" when none
    std::string driver;    // a device's DRIVER (bound now), "" when none
    std::string module() const; // NAME from devpath, "" when not a module event
    // "BUS/NAME" (DeviceName's form) of a device with a modalias that appeared, went or was
    // bound, or of any device unbound (that uevent has no MODALIAS); "" for any other event.
    std::string device() const;
};

// Parses one datagram; false when it is not a kernel uevent (e.g. udev's "libudev" format).
bool parse_uevent(const char* data, size_t size, Uevent& out);

class UeventMonitor {
public:
    // `on_change(event)` for each module event, `on_device(event)` for each device event (see
    // Uevent::device()); `on_gap()` when events may have been lost (ENOBUFS: the socket
    // overflowed), so the caller must rescan.
    UeventMonitor(sd_event* event, std::function<void(const Uevent&)> on_change,
                  std::function<void(const Uevent&)> on_device, std::function<void()> on_gap);
    ~UeventMonitor();
    UeventMonitor(const UeventMonitor&) = delete;
    UeventMonitor& operator=(const UeventMonitor&) = delete;

private:
    static int on_readable(sd_event_source*, int fd, uint32_t, void* self);

    int fd_ = -1;
    sd_event_source* source_ = nullptr;
    std::function<void(const Uevent&)> on_change_;
    std::function<void(const Uevent&)> on_device_;
    std::function<void()> on_gap_;
};

} // namespace modmgr
