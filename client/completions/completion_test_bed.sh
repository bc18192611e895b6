# Sourced by the zsh and fish completion tests: a scratch machine for modctl's completion
# (fake /proc/modules, modules.dep and /sys/bus through modctl's test hooks, a module file
# and another file in the working directory, no bus), and expect LINE EXPECTED, which compares
# complete_line LINE (the test's own: what its shell offers, one per line) with EXPECTED.
# Usage (after defining complete_line): source completion_test_bed.sh COMPLETIONS_DIR MODCTL
set -uo pipefail
completions=$(realpath "$1")
modctl=$(realpath "$2")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
printf 'dummy 16384 0 - Live 0x0\nvxlan 110592 0 - Live 0x0\nudp_tunnel 28672 1 vxlan, Live 0x0\n' \
    >"$scratch/proc-modules"
mkdir -p "$scratch/modules" "$scratch/bin" "$scratch/cwd"
printf 'kernel/drivers/net/dummy.ko:\nkernel/drivers/net/vxlan/vxlan.ko:\nkernel/drivers/net/can/vxcan.ko.xz:\n' \
    >"$scratch/modules/modules.dep"
touch "$scratch/cwd/my_driver.ko" "$scratch/cwd/notes.txt"
mkdir -p "$scratch/sys-bus/pci/devices/0000:00:02.0" "$scratch/sys-bus/platform/devices/serial8250"
touch "$scratch/sys-bus/pci/devices/0000:00:02.0/modalias" "$scratch/sys-bus/platform/devices/serial8250/modalias"
ln -s "$modctl" "$scratch/bin/modctl"
export PATH="$scratch/bin:$PATH" HOME=$scratch XDG_CONFIG_HOME=$scratch/config XDG_DATA_HOME=$scratch/data
export MODCTL_COMPLETION_PROC_MODULES="$scratch/proc-modules"
export MODCTL_COMPLETION_MODULES_DIR="$scratch/modules"
export MODCTL_COMPLETION_SYS_BUS="$scratch/sys-bus"
export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$scratch/no-bus

failures=0
expect() {
    local line=$1 expected=$2 actual
    actual=$(cd "$scratch/cwd" && complete_line "$line" | sort | paste -sd' ')
    if [[ $actual == "$expected" ]]; then
        echo "ok: '$line' -> '$actual'"
    else
        echo "FAIL: '$line' -> '$actual', expected '$expected'"
        failures=$((failures + 1))
    fi
}
