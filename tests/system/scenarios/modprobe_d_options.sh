# modprobe.d options apply by themselves; the caller's parameters override them.
. "$(dirname "$0")/../lib.sh"
trap 'rm -f /etc/modprobe.d/zz-test-options.conf; modprobe -r dummy 2>/dev/null || true' EXIT

echo "options dummy numdummies=2" >/etc/modprobe.d/zz-test-options.conf
run_expect 0 as grouped modctl load dummy
# dummy keeps numdummies out of /sys/module; the interfaces it creates show the value.
[ -d /sys/class/net/dummy1 ] && [ ! -d /sys/class/net/dummy2 ] || fail "modprobe.d's numdummies=2 not applied"
run_expect 0 as grouped modctl unload dummy

run_expect 0 as grouped modctl load dummy numdummies=4
[ -d /sys/class/net/dummy3 ] && [ ! -d /sys/class/net/dummy4 ] || fail "the caller's numdummies=4 did not override"
