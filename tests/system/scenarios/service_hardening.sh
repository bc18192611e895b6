# The unit is Type=notify with a working watchdog, bounded resources and a sandbox measured
# beside systemd-hostnamed's (systemd's own bus service, sandboxed by its authors; the exposure
# is computed from its unit, it need not run): modmgrd's exposure may not exceed 1.4, and only
# the items its unit explains (what loading modules as root needs) may count against it.
. "$(dirname "$0")/../lib.sh"
run_expect 0 modctl list # started by activation if it was not running

exposure_of() {
    systemd-analyze security "$1" --no-pager | tail -n1 | grep -o "level for $1: [0-9.]*" | awk '{print $NF}'
}
mine=$(exposure_of modmgrd.service)
hostnamed=$(exposure_of systemd-hostnamed.service)
[ -n "$mine" ] && [ -n "$hostnamed" ] || fail "no exposure from systemd-analyze security: '$mine' '$hostnamed'"
echo "systemd-analyze security: modmgrd.service $mine, systemd-hostnamed.service $hostnamed," \
    "ratio $(awk -v m="$mine" -v h="$hostnamed" 'BEGIN {printf "%.2f", m / h}')"
awk -v e="$mine" 'BEGIN {exit !(e <= 1.4)}' || fail "modmgrd's exposure $mine exceeds 1.4"
ok "exposure $mine <= 1.4"
accepted=(User=/DynamicUser= CapabilityBoundingSet=~CAP_SYS_MODULE ProtectKernelModules=
          SystemCallFilter=~@module SystemCallFilter=~@privileged PrivateUsers= DeviceAllow=
          RootDirectory=/RootImage= RestrictAddressFamilies=~AF_NETLINK
          RestrictAddressFamilies=~AF_UNIX ProcSubset=)
unexpected=$(systemd-analyze security modmgrd.service --no-pager | awk '$1 == "✗" {print $2}' |
    grep -vxF -f <(printf '%s\n' "${accepted[@]}") || true)
[ -z "$unexpected" ] || fail "the sandbox lacks: $(xargs <<<"$unexpected")"
ok "only what the job needs counts against the sandbox"

# The resource bounds as the kernel enforces them.
pid=$(systemctl show -P MainPID modmgrd.service)
grep -q "^Max open files *4096 *4096 " "/proc/$pid/limits" || fail "modmgrd's limits: $(cat "/proc/$pid/limits")"
cgroup=/sys/fs/cgroup$(systemctl show -P ControlGroup modmgrd.service)
bounds=$(cd "$cgroup" && echo "$(cat memory.high) $(cat memory.max) $(cat pids.max)")
[ "$bounds" = "$((384 << 20)) $((512 << 20)) 64" ] || fail "the cgroup's memory.high, memory.max, pids.max: $bounds"
ok "bounded: 4096 files, memory high 384M and max 512M, 64 tasks (now $(cat "$cgroup/memory.current") bytes, $(cat "$cgroup/pids.current") tasks)"

[ "$(systemctl show -P Type modmgrd.service)" = notify ] || fail "not Type=notify"
systemctl show -P StatusText modmgrd.service | grep -q "Serving org.modmgr1" || fail "no STATUS= from modmgrd"
ok "Type=notify, status: $(systemctl show -P StatusText modmgrd.service)"

# A stuck event loop must get the service restarted: shorten the watchdog, freeze the daemon.
mkdir -p /run/systemd/system/modmgrd.service.d
# A frozen process cannot act on the watchdog's SIGABRT: TimeoutAbortSec= bounds the wait for SIGKILL.
printf '[Service]\nWatchdogSec=2s\nTimeoutAbortSec=2s\n' >/run/systemd/system/modmgrd.service.d/watchdog-test.conf
systemctl daemon-reload
systemctl restart modmgrd.service
pid=$(systemctl show -P MainPID modmgrd.service)
restarts=$(systemctl show -P NRestarts modmgrd.service)
sleep 4
[ "$(systemctl show -P MainPID modmgrd.service)" = "$pid" ] || fail "restarted although the loop was fine"
kill -STOP "$pid"
for _ in $(seq 200); do
    [ "$(systemctl show -P NRestarts modmgrd.service)" -gt "$restarts" ] && break
    sleep 0.1
done
[ "$(systemctl show -P NRestarts modmgrd.service)" -gt "$restarts" ] || fail "the watchdog did not restart a frozen modmgrd"
ok "a frozen event loop got the service restarted"
rm -rf /run/systemd/system/modmgrd.service.d
systemctl daemon-reload
systemctl restart modmgrd.service
run_expect 0 modctl list

# modmgrd writes its two configuration files by renaming a temporary file over each, so it may
# write exactly their directories: ReadWritePaths= says so, and inside the service's own mount
# namespace a write succeeds there and fails anywhere else that root could write outside it
# (its PrivateTmp= /tmp and /var/tmp are its own, thrown away when it stops). /run holds
# configuration too (/run/modprobe.d, /run/modules-load.d); /dev/shm is shared with every
# process. Its runtime directory /run/modmgrd (RuntimeDirectory=, not a ReadWritePaths= entry)
# holds the records of loads and unloads in progress.
rw=$(systemctl show -P ReadWritePaths modmgrd.service)
[ "$(tr ' ' '\n' <<<"$rw" | sed 's/^-//' | sort | xargs)" = "/etc/modprobe.d /etc/modules-load.d" ] ||
    fail "ReadWritePaths is '$rw'"
ok "ReadWritePaths: $rw"
pid=$(systemctl show -P MainPID modmgrd.service)
# Not a .conf name: neither libkmod nor systemd-modules-load reads it.
probe=system-test-probe
for dir in /etc/modprobe.d /etc/modules-load.d /run/modmgrd; do
    nsenter -t "$pid" -m touch "$dir/$probe" || fail "modmgrd's sandbox does not let it write $dir"
    rm "$dir/$probe"
    ok "modmgrd may write $dir"
done
elsewhere=(/etc /etc/systemd /usr/lib /var/lib /run /dev/shm)
writable=()
for dir in "${elsewhere[@]}"; do
    { touch "$dir/$probe" && rm "$dir/$probe"; } || fail "root cannot write $dir outside the sandbox either"
    if nsenter -t "$pid" -m touch "$dir/$probe" 2>/dev/null; then
        rm -f "$dir/$probe"
        writable+=("$dir")
    fi
done
[ ${#writable[@]} -eq 0 ] || fail "modmgrd's sandbox lets it write ${writable[*]}"
ok "modmgrd may write none of ${elsewhere[*]}"
