#pragma once
// TEST HELPER: a sysfs tree in a scratch directory, laid out as the kernel lays out /sys: each device's
// directory under devices/, the bus's symlink to it, the driver's directory with its module
// symlink and its device symlinks, and the module's drivers/ symlinks.
#include <unistd.h>

#include <filesystem>
#include <string>

#include "support/scratch_dir.h"

namespace modmgr {

class FakeSysfs {
public:
    const std::string& root() const { return dir_.path(); }

    // A device on `bus` with `modalias` (none when empty) and uevent text.
    void add_device(const std::string& bus, const std::string& name, const std::string& modalias,
                    const std::string& uevent = "") const {
        const std::string real = "devices/platform/" + name;
        std::filesystem::create_directories(dir_.file(real));
        if (!modalias.empty())
            dir_.write(real + "/modalias", modalias + "\n");
        dir_.write(real + "/uevent", uevent);
        link("../../../" + real, "bus/" + bus + "/devices/" + name);
    }
    // `driver` of `module` bound to the device, as the kernel's driver core links them.
    void bind(const std::string& bus, const std::string& name, const std::string& driver,
              const std::string& module) const {
        const std::string drivers = "bus/" + bus + "/drivers/" + driver;
        std::filesystem::create_directories(dir_.file(drivers));
        dir_.write(drivers + "/bind", "");
        if (!module.empty() && !std::filesystem::is_symlink(dir_.file(drivers + "/module"))) {
            std::filesystem::create_directories(dir_.file("module/" + module + "/drivers"));
            link("../../../../module/" + module, drivers + "/module");
            link("../../../" + drivers, "module/" + module + "/drivers/" + bus + ":" + driver);
        }
        link("../../../../devices/platform/" + name, drivers + "/" + name);
        link("../../../../" + drivers, "devices/platform/" + name + "/driver");
    }
    void link(const std::string& target, const std::string& relative) const {
        std::filesystem::create_directories(std::filesystem::path(dir_.file(relative)).parent_path());
        std::filesystem::create_symlink(target, dir_.file(relative));
    }
    std::string write(const std::string& relative, const std::string& text) const {
        return dir_.write(relative, text);
    }

private:
    ScratchDir dir_;
};

} // namespace modmgr
