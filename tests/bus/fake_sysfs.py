"""A sysfs tree for modmgrd-simulated (the simulated kernel's "sysfs_root"), laid out as the
kernel lays out /sys: devices/ with each device's directory, bus/BUS/devices/NAME symlinks to
them, the driver's directory with its module symlink and device symlinks, and the module's
drivers/ symlinks."""
import os

E1000E_ALIAS = "pci:v00008086d000010D3sv00008086sd0000A01Fbc02sc00i00"


class FakeSysfs:
    def __init__(self, bed):
        self.root = os.path.join(bed.tmp, "sys")
        os.makedirs(os.path.join(self.root, "bus"))
        state = bed.kernel_state()
        state["sysfs_root"] = self.root
        bed.write_kernel_state(state)

    def path(self, relative):
        return os.path.join(self.root, relative)

    def link(self, target, relative):
        os.makedirs(os.path.dirname(self.path(relative)), exist_ok=True)
        os.symlink(target, self.path(relative))

    def write(self, relative, text):
        os.makedirs(os.path.dirname(self.path(relative)), exist_ok=True)
        with open(self.path(relative), "w") as f:
            f.write(text)

    def add_device(self, bus, name, modalias, uevent=""):
        real = f"devices/pci0000:00/{name}"
        os.makedirs(self.path(real), exist_ok=True)
        self.write(f"{real}/modalias", modalias + "\n")
        self.write(f"{real}/uevent", uevent)
        self.link(f"../../../{real}", f"bus/{bus}/devices/{name}")

    def bind(self, bus, name, driver, module):
        drivers = f"bus/{bus}/drivers/{driver}"
        os.makedirs(self.path(drivers), exist_ok=True)
        if not os.path.islink(self.path(f"{drivers}/module")):
            self.link(f"../../../../module/{module}", f"{drivers}/module")
            self.link(f"../../../{drivers}", f"module/{module}/drivers/{bus}:{driver}")
        self.link(f"../../../../devices/pci0000:00/{name}", f"{drivers}/{name}")
        self.link(f"../../../../{drivers}", f"devices/pci0000:00/{name}/driver")
