# system-test: reboot
# Configuration made through modctl survives a real reboot and takes effect at boot without
# modmgrd: boot 1 sets dummy's options, enables it, blacklists minix and masks udp_tunnel,
# loading nothing; in boot 2 systemd-modules-load has loaded dummy with those options, modctl
# refuses to load minix, naming modmgrd's own file and line, and udp_tunnel is still masked:
# neither modctl nor modprobe loads vxlan, which needs it.
. "$(dirname "$0")/../lib.sh"

cleanup() {
    modctl disable dummy >/dev/null 2>&1 || true
    modctl options dummy >/dev/null 2>&1 || true
    modctl unblacklist minix >/dev/null 2>&1 || true
    modctl unmask udp_tunnel >/dev/null 2>&1 || true
    modprobe -r dummy 2>/dev/null || true
}

case ${1:?the boot number, 1 or 2} in
1)
    # A failure leaves nothing behind for the other reboot scenarios.
    trap cleanup EXIT
    assert_not_loaded dummy
    run_expect 0 modctl options dummy numdummies=3
    run_expect 0 modctl enable dummy
    run_expect 0 modctl blacklist minix
    run_expect 0 modctl mask udp_tunnel
    assert_managed_line "$modprobe_conf" "install udp_tunnel /bin/false"
    assert_managed_line "$modprobe_conf" "options dummy numdummies=3"
    assert_managed_line "$modprobe_conf" "blacklist minix"
    assert_managed_line "$load_conf" dummy
    # Enabling is for the next boot: nothing is loaded now, so boot 2 shows who loaded it.
    assert_not_loaded dummy
    trap - EXIT
    ;;
2)
    trap cleanup EXIT
    assert_loaded dummy
    # By its process rather than -u: the line reaches journald after the short-lived process
    # is gone, too late for journald to see its unit.
    modules_load=$(journalctl -b --no-pager -t systemd-modules-load \
        _PID="$(systemctl show -P ExecMainPID systemd-modules-load.service)")
    grep -q "Inserted module 'dummy'" <<<"$modules_load" ||
        fail "systemd-modules-load.service did not load dummy: $modules_load"
    ok "systemd-modules-load.service loaded dummy at boot"
    # dummy keeps numdummies out of /sys/module; the interfaces it made show the value.
    if [ ! -d /sys/class/net/dummy2 ] || [ -d /sys/class/net/dummy3 ]; then
        fail "dummy did not get numdummies=3: $(ls /sys/class/net)"
    fi
    ok "dummy0..dummy2 exist: numdummies=3 applied at boot"

    assert_managed_line "$modprobe_conf" "blacklist minix"
    blacklist_line=$line_no
    run_expect 6 modctl load minix
    assert_err_names "$modprobe_conf:$blacklist_line"
    assert_not_loaded minix

    run_expect 0 modctl config dummy --json
    # Every options source in libkmod's order: the last value of a key is the one in effect.
    [ "$(json_get "doc['load_at_boot'], doc['options'][-1]")" = "(True, 'numdummies=3')" ] ||
        fail "dummy's configuration after the reboot: $out"
    assert_managed_line "$modprobe_conf" "options dummy numdummies=3"
    assert_source options "$modprobe_conf" "$line_no" True
    assert_managed_line "$load_conf" dummy
    assert_source load "$load_conf" "$line_no" True
    run_expect 0 modctl config minix --json
    [ "$(json_get "doc['blacklisted']")" = True ] || fail "minix is not reported blacklisted: $out"
    assert_source blacklist "$modprobe_conf" "$blacklist_line" True

    assert_managed_line "$modprobe_conf" "install udp_tunnel /bin/false"
    run_expect 14 modctl load vxlan
    assert_err_names "udp_tunnel is masked by $modprobe_conf:$line_no"
    run_expect 1 modprobe vxlan
    assert_not_loaded udp_tunnel

    run_expect 0 modctl disable dummy
    run_expect 0 modctl options dummy
    run_expect 0 modctl unblacklist minix
    run_expect 0 modctl unmask udp_tunnel
    ! grep -qsEv '^(#|$)' "$modprobe_conf" "$load_conf" ||
        fail "configuration left over: $(cat "$modprobe_conf" "$load_conf")"
    ok "modmgrd's files hold no configuration any more"
    ;;
esac
