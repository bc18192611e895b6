# dbus.service restarted under everyone: modmgrd loses its connection and systemd starts it
# again by its Restart= (not a call activating it); it publishes every module the kernel has
# again, and the modules loaded before are still loaded and listed. The rest of the system is
# back too (logind, polkitd by activation), for the scenarios after this one.
. "$(dirname "$0")/../lib.sh"
remove_on_exit dummy vxlan ip6_udp_tunnel udp_tunnel

run_expect 0 modctl load dummy
run_expect 0 as grouped modctl load vxlan
assert_objects_match_kernel
before=$(cut -d' ' -f1 /proc/modules | sort)
pid=$(systemctl show -P MainPID modmgrd.service)
restarts=$(systemctl show -P NRestarts modmgrd.service)

systemctl restart dbus.service
ok "dbus.service restarted"
await_restart "$pid" "$restarts"
journalctl -b -o cat _PID="$pid" | tail -n 2

[ "$(cut -d' ' -f1 /proc/modules | sort)" = "$before" ] ||
    fail "the kernel's modules changed: $(diff <(echo "$before") <(cut -d' ' -f1 /proc/modules | sort))"
assert_loaded dummy
assert_loaded vxlan
assert_objects_match_kernel

# The rest of the bus works again: polkitd answers grouped's unload, logind runs.
run_expect 0 as grouped modctl unload vxlan
assert_not_loaded vxlan
run_expect 0 modctl unload dummy
for _ in $(seq 300); do
    systemctl is-active --quiet systemd-logind.service && break
    sleep 0.1
done
systemctl is-active --quiet systemd-logind.service || fail "systemd-logind is not back: $(systemctl status systemd-logind.service)"
ok "systemd-logind runs"
