# /etc/modprobe.d full (ENOSPC: a small tmpfs over it holding copies of its files, then filled)
# or read-only (a read-only bind mount): modctl blacklist and options fail with exit 1 ("any
# other failure" in modctl's table) and an error naming modmgrd's file and the cause; the
# previous zz-modmgr.conf keeps every byte, no temporary file is left behind, modmgrd does not
# report the refused change as configuration, and once the directory takes writes again the
# same changes work.
. "$(dirname "$0")/../lib.sh"
work=$(mktemp -d)

# modmgrd runs in a mount namespace of its own, made when it starts: a mount over
# /etc/modprobe.d reaches it only when it starts again.
restart_modmgrd() {
    systemctl restart modmgrd.service
    pid=$(systemctl show -P MainPID modmgrd.service)
}

cleanup() {
    while mountpoint -q /etc/modprobe.d; do umount /etc/modprobe.d; done
    restart_modmgrd
    modctl unblacklist minix >/dev/null 2>&1 || true
    modctl options dummy >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

# refused_intact CAUSE CMD...: CMD fails with exit 1 and an error naming modmgrd's file and
# CAUSE; the file is byte for byte the copy in $work/before, and no temporary file of its
# writer (.zz-modmgr.conf.XXXXXX) is left where modmgrd writes.
refused_intact() {
    local cause=$1 leftovers
    shift
    run_expect 1 "$@"
    assert_err_names "$modprobe_conf"
    grep -qF "$cause" <<<"$err" || fail "the error does not say '$cause': $err"
    cmp "$modprobe_conf" "$work/before" || fail "$modprobe_conf changed: $(cat "$modprobe_conf")"
    leftovers=$(nsenter -t "$pid" -m find /etc/modprobe.d -name '.zz-modmgr.conf.*')
    [ -z "$leftovers" ] || fail "temporary files left behind: $leftovers"
    ok "refused with: $err"
    run_expect 0 modctl config minix --json
    [ "$(json_get "doc['blacklisted']")" = False ] || fail "modmgrd reports minix blacklisted: $out"
    run_expect 0 modctl config dummy --json
    [ "$(json_get "[s['text'] for s in doc['config_sources'] if s['managed']]")" = "['options dummy numdummies=2']" ] ||
        fail "modmgrd reports dummy's configuration as: $out"
    ok "$modprobe_conf unchanged, no temporary file left, the configuration reported as before"
}

# works_again: the refused changes, made again, go through; the refused blacklist did not
# linger to turn up with the next change.
works_again() {
    run_expect 0 modctl options dummy numdummies=3
    assert_managed_line "$modprobe_conf" "options dummy numdummies=3"
    ! grep -q minix "$modprobe_conf" || fail "the refused blacklist turned up: $(cat "$modprobe_conf")"
    run_expect 0 modctl blacklist minix
    assert_managed_line "$modprobe_conf" "blacklist minix"
}

echo "--- /etc/modprobe.d full"
mkdir "$work/saved"
cp -a /etc/modprobe.d/. "$work/saved/"
mount -t tmpfs -o size=1M,mode=0755 system-test-full /etc/modprobe.d
cp -a "$work/saved/." /etc/modprobe.d/
restart_modmgrd
run_expect 0 modctl options dummy numdummies=2
assert_managed_line "$modprobe_conf" "options dummy numdummies=2"
cp "$modprobe_conf" "$work/before"
# Not a .conf name: no reader takes it for configuration.
head -c 2M /dev/zero >/etc/modprobe.d/system-test-filler 2>/dev/null || true
[ "$(df --output=avail /etc/modprobe.d | tail -n1)" -eq 0 ] || fail "the tmpfs is not full: $(df /etc/modprobe.d)"
refused_intact "No space left on device" modctl blacklist minix
refused_intact "No space left on device" modctl options dummy numdummies=3
rm /etc/modprobe.d/system-test-filler
works_again
umount /etc/modprobe.d
restart_modmgrd
[ ! -e "$modprobe_conf" ] || ! grep -q "minix\|dummy" "$modprobe_conf" ||
    fail "the tmpfs's configuration leaked into /etc/modprobe.d: $(cat "$modprobe_conf")"

echo "--- /etc/modprobe.d read-only"
run_expect 0 modctl options dummy numdummies=2
cp "$modprobe_conf" "$work/before"
mount --bind /etc/modprobe.d /etc/modprobe.d
mount -o remount,bind,ro /etc/modprobe.d
restart_modmgrd
! nsenter -t "$pid" -m touch /etc/modprobe.d/system-test-probe 2>/dev/null ||
    fail "/etc/modprobe.d is writable in modmgrd's namespace"
ok "/etc/modprobe.d is read-only for modmgrd"
refused_intact "Read-only file system" modctl blacklist minix
refused_intact "Read-only file system" modctl options dummy numdummies=3
umount /etc/modprobe.d
restart_modmgrd
works_again
run_expect 0 modctl unblacklist minix
run_expect 0 modctl options dummy
