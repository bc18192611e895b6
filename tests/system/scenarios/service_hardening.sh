# The unit is Type=notify with a working watchdog and a sandbox at least as tight as
# systemd-hostnamed's bar: exposure of modmgrd.service must not exceed 2.0.
. "$(dirname "$0")/../lib.sh"
run_expect 0 modctl list # started by activation if it was not running

echo "systemd-analyze security, side by side:"
mine=$(systemd-analyze security modmgrd.service --no-pager | tail -n1)
hostnamed=$(systemd-analyze security systemd-hostnamed.service --no-pager | tail -n1)
echo "  $mine"
echo "  $hostnamed"
exposure=$(grep -o 'level for modmgrd.service: [0-9.]*' <<<"$mine" | awk '{print $NF}')
awk -v e="$exposure" 'BEGIN {exit !(e <= 2.0)}' || fail "modmgrd's exposure $exposure exceeds 2.0"
ok "exposure $exposure <= 2.0"

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
# process.
rw=$(systemctl show -P ReadWritePaths modmgrd.service)
[ "$(tr ' ' '\n' <<<"$rw" | sed 's/^-//' | sort | xargs)" = "/etc/modprobe.d /etc/modules-load.d" ] ||
    fail "ReadWritePaths is '$rw'"
ok "ReadWritePaths: $rw"
pid=$(systemctl show -P MainPID modmgrd.service)
# Not a .conf name: neither libkmod nor systemd-modules-load reads it.
probe=system-test-probe
for dir in /etc/modprobe.d /etc/modules-load.d; do
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
