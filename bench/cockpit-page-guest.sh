#!/usr/bin/env bash
# Runs INSIDE the system-test guest (tests/system/run-guest --bench-cockpit), as root: the
# guest's half of bench/cockpit-page-load.py, which times the Kernel modules page in a browser
# on the host. It brings cockpit and sshd up (tests/system/cockpit_guest.sh), loads modules
# until exactly 150 are loaded, waits until modmgrd counts them too,
# and prints the host half's table once that is done.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tests/system/lib.sh"
. "$here/../tests/system/cockpit_guest.sh"
share=$1
target=150
# The host half's own bound is 2400 s; this one catches a host half that died without saying so.
done_timeout_s=2500

loaded_count() { wc -l </proc/modules; }

# Modules that load without hardware and without long self-tests under TCG (no btrfs or
# raid6_pq: their start-up benchmarks its algorithms). Some pull in others; the character
# sets of fs/nls, which pull in none, come last and end on exactly the target.
fillers=(dummy veth macvlan ipvlan ifb nlmon vxlan geneve team bonding vrf
         isofs udf squashfs romfs minix hfs hfsplus jfs nilfs2 ufs sysv qnx4 qnx6 befs bfs
         efs adfs affs omfs hpfs exfat vfat msdos erofs freevxfs
         sctp dccp l2tp_core l2tp_ip llc2 psnap appletalk can can-raw can-bcm vcan
         blowfish_generic camellia_generic cast5_generic cast6_generic des_generic fcrypt
         serpent_generic twofish_generic wp512 rmd160 md4
         michael_mic sha3_generic streebog_generic xts lrw pcbc cts keywrap
         ccm gcm chacha20poly1305 adiantum aegis128 vmac xcbc cmac ghash-generic)
nls=(/lib/modules/"$(uname -r)"/kernel/fs/nls/*.ko*)

cleanup() {
    set +e
    cockpit_guest_down
}
trap cleanup EXIT

# First, since virtio_net and what it pulls in count among the 150.
cockpit_guest_up "$share"
# The fillers stop short of the target by what the character sets can fill, less a margin
# for the few modules the last filler may pull in with it.
for module in "${fillers[@]}"; do
    [ "$(loaded_count)" -lt $((target - ${#nls[@]} + 12)) ] || break
    modprobe "$module" 2>/dev/null || echo "bench: $module did not load (left out)"
done
for file in "${nls[@]}"; do
    [ "$(loaded_count)" -lt "$target" ] || break
    name=$(basename "$file")
    modprobe "${name%%.ko*}"
done
[ "$(loaded_count)" -eq "$target" ] ||
    fail "$(loaded_count) modules loaded, not $target: the lists above fell short or overshot"
# modmgrd hears of each load through a uevent; the page shows what modmgrd has.
modmgrd_count() { busctl get-property org.modmgr1 /org/modmgr1 org.modmgr1.Manager LoadedCount 2>&1; }
deadline=$(( $(date +%s) + 60 ))
until [ "$(modmgrd_count)" = "u $target" ]; do
    [ "$(date +%s)" -lt "$deadline" ] ||
        fail "modmgrd's LoadedCount is '$(modmgrd_count)', not $target, after 60 s; modctl list: $(modctl list 2>&1 | tail -n +2 | awk '{print $1}' | sort | tr '\n' ' ')"
    sleep 0.5
done
ok "$target modules loaded, and modmgrd says so"
cockpit_guest_wait_done "$share" "$done_timeout_s"
