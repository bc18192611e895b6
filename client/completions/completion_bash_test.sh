#!/usr/bin/env bash
# Tests the bash completion (modctl.bash) as bash runs it on TAB, against modctl itself
# (`modctl __complete`), from a fake /proc/modules and modules.dep (modctl's completion test
# hooks), with no bus: module names never need modmgrd.
# Usage: completion_bash_test.sh COMPLETIONS_DIR MODCTL
set -uo pipefail

completion_file=$(realpath "$1/modctl.bash")
modctl=$(realpath "$2")
# A failing modctl (in the sanitizer build: a report) must fail the test, not just shorten the list.
help_text=$("$modctl" --help) || { echo "FAIL: modctl --help exited $?"; exit 1; }
help_options=$(sed -n '/^Options:/,/^$/s/^ *\(-[a-zA-Z],\)\{0,1\}\(--[a-z-]*\).*/\2/p' <<<"$help_text" |
    sort | paste -sd' ')
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

cat >"$scratch/proc-modules" <<'EOF'
dummy 16384 0 - Live 0x0000000000000000
dm_mod 184320 0 - Live 0x0000000000000000
vxlan 110592 0 - Live 0x0000000000000000
udp_tunnel 28672 1 vxlan, Live 0x0000000000000000
EOF
mkdir -p "$scratch/modules"
cat >"$scratch/modules/modules.dep" <<'EOF'
kernel/drivers/net/dummy.ko:
kernel/drivers/usb/gadget/udc/dummy_hcd.ko: kernel/drivers/usb/gadget/udc/udc-core.ko
kernel/drivers/net/vxlan/vxlan.ko: kernel/net/ipv4/udp_tunnel.ko kernel/net/ipv6/ip6_udp_tunnel.ko
kernel/drivers/net/can/vxcan.ko.xz: kernel/drivers/net/can/dev/can-dev.ko.xz
kernel/net/ipv4/udp_tunnel.ko:
EOF
# Devices with a modalias, and what load --for-device must not offer: a device without one,
# and a bus's devices directory that is a symlink.
for device in pci/devices/0000:00:02.0 pci/devices/0000:00:1f.3 platform/devices/serial8250; do
    mkdir -p "$scratch/sys-bus/$device" && touch "$scratch/sys-bus/$device/modalias"
done
mkdir -p "$scratch/sys-bus/platform/devices/no-alias" "$scratch/elsewhere/devices/stray"
touch "$scratch/elsewhere/devices/stray/modalias"
mkdir "$scratch/sys-bus/linked" && ln -s "$scratch/elsewhere/devices" "$scratch/sys-bus/linked/devices"
mkdir -p "$scratch/cwd/subdir"
touch "$scratch/cwd/my_driver.ko" "$scratch/cwd/other.ko.zst" "$scratch/cwd/notes.txt"

mkdir "$scratch/bin"
ln -s "$modctl" "$scratch/bin/modctl"
export PATH="$scratch/bin:$PATH"
export MODCTL_COMPLETION_PROC_MODULES="$scratch/proc-modules"
export MODCTL_COMPLETION_MODULES_DIR="$scratch/modules"
export MODCTL_COMPLETION_SYS_BUS="$scratch/sys-bus"
# No bus: what needs modmgrd (parameters, modmgrd's blacklist) offers nothing, the rest works.
export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$scratch/no-bus

source /usr/share/bash-completion/bash_completion
source "$completion_file"

failures=0

# Completes LINE as if TAB were pressed at its end; prints COMPREPLY sorted, on one line.
complete_line() {
    local line=$1 function
    COMP_LINE=$line
    COMP_POINT=${#line}
    # As bash splits the line: a colon (COMP_WORDBREAKS) is a word of its own.
    read -ra COMP_WORDS <<<"${line//:/ : }"
    [[ $line == *' ' ]] && COMP_WORDS+=('')
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    function=$(complete -p modctl | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
    "$function" modctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf '%s\n' "${COMPREPLY[@]}" | sort | paste -sd' '
}

expect() {
    local line=$1 expected=$2 actual
    actual=$(complete_line "$line")
    if [[ $actual == "$expected" ]]; then
        echo "ok: '$line' -> '$actual'"
    else
        echo "FAIL: '$line' -> '$actual', expected '$expected'"
        failures=$((failures + 1))
        return 1
    fi
}

all_commands="blacklist config devices disable enable help info list load mask monitor options permissions search status tree unblacklist unload unmask"
expect "modctl " "$all_commands"
expect "modctl unl" "unload"
expect "modctl un" "unblacklist unload unmask"
expect "modctl --json " "$all_commands"
expect "modctl p" "permissions"
expect "modctl -H root@server " "$all_commands"
expect "modctl e" "enable"
expect "modctl --host server unload du" "dummy"
expect "modctl unload -H server du" "dummy"
expect "modctl -H root@server load dummy " ""
expect "modctl monitor --j" "--json"
# monitor watches any number of modules of this kernel, loaded or not.
expect "modctl monitor dum" "dummy dummy_hcd"
expect "modctl monitor --json dummy vx" "vxcan vxlan"
expect "modctl unload du" "dummy"
expect "modctl unload " "dm_mod dummy udp_tunnel vxlan"
expect "modctl --dry-run unload vx" "vxlan"
# unload takes several modules, like modprobe -r.
expect "modctl unload dummy " "dm_mod dummy udp_tunnel vxlan"
expect "modctl help un" "unblacklist unload unmask"
expect "modctl help load " ""
expect "modctl load vx" "vxcan vxlan"
expect "modctl info dummy" "dummy dummy_hcd"
expect "modctl load dummy " ""
# The configuration commands take any module of this kernel, loaded or not, and only one.
expect "modctl blacklist vx" "vxcan vxlan"
expect "modctl unblacklist dum" ""
expect "modctl enable --now dum" "dummy dummy_hcd"
expect "modctl disable vxc" "vxcan"
expect "modctl config udp" "udp_tunnel"
expect "modctl options dummy " ""
expect "modctl options dummy numdummies=2 " ""
expect "modctl enable dummy " ""
(cd "$scratch/cwd" && expect "modctl load ./" "./my_driver.ko ./other.ko.zst ./subdir") ||
    failures=$((failures + 1))
(cd "$scratch/cwd" && expect "modctl info ./m" "./my_driver.ko") || failures=$((failures + 1))
expect "modctl list --" "--help --host --json --no-ask-password --no-legend --no-pager"
expect "modctl monitor --" "--help --host --json --no-ask-password --no-pager"
expect "modctl unload --" "--all --dry-run --help --host --json --no-ask-password --no-deps --no-pager --quiet --timeout"
expect "modctl load --i" "--ignore-blacklist --ignore-install-commands"
expect "modctl load --a" "--all"
expect "modctl info --" "--field --help --host --json --name --no-ask-password --no-pager"
expect "modctl enable --" "--dry-run --help --host --json --no-ask-password --no-pager --now --quiet --timeout"
expect "modctl disable dummy --n" "--no-ask-password --no-pager --now"
expect "modctl blacklist --" "--dry-run --help --host --json --no-ask-password --no-pager --quiet --timeout"
expect "modctl options dummy --" "--dry-run --help --host --json --no-ask-password --no-pager --quiet --timeout"
expect "modctl unblacklist --n" "--no-ask-password --no-pager"
expect "modctl config --" "--help --host --json --no-ask-password --no-legend --no-pager"
expect "modctl status --" "--help --host --json --no-ask-password --no-pager"
expect "modctl tree --r" "--reverse"
expect "modctl tree vx" "vxcan vxlan"
expect "modctl tree vxlan " ""
expect "modctl info -F pa" "parm parmvalue"
expect "modctl info --field de" "depends description device"
expect "modctl info -F parm vx" "vxcan vxlan"
expect "modctl --v" "--version"
expect "modctl load --for-device " "pci/0000:00:02.0 pci/0000:00:1f.3 platform/serial8250"
# Only what follows the last colon is replaced.
expect "modctl load -D pci/0000:00:1" "1f.3"
expect "modctl -D plat" "platform/serial8250"
# Before the command every option of modctl --help is offered, and nothing else.
[[ -n $help_options ]] || { echo "FAIL: no options in modctl --help"; failures=$((failures + 1)); }
expect "modctl --" "$help_options"

# Hosts for -H come from ssh's known hosts (here a scratch HOME's), not from /etc/hosts.
mkdir -p "$scratch/home/.ssh"
echo "server.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBd2" >"$scratch/home/.ssh/known_hosts"
(
    HOME=$scratch/home COMP_KNOWN_HOSTS_WITH_HOSTFILE=
    expect "modctl -H se" "server.example" && expect "modctl list --host root@se" "root@server.example"
) || failures=$((failures + 1))

# Without the files (no module support), completion offers nothing instead of failing.
export MODCTL_COMPLETION_PROC_MODULES="$scratch/absent" MODCTL_COMPLETION_MODULES_DIR="$scratch/absent"
expect "modctl unload du" ""
expect "modctl load vx" ""

echo "$failures failure(s)"
[[ $failures -eq 0 ]]
