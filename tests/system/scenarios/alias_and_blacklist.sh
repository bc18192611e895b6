# Load by alias; a blacklist in /etc/modprobe.d refuses by name and by alias, naming the file;
# --ignore-blacklist by an authorized user loads it.
. "$(dirname "$0")/../lib.sh"
remove_on_exit dummy
trap 'rm -f /etc/modprobe.d/zz-test-blacklist.conf; modprobe -r dummy 2>/dev/null || true' EXIT

run_expect 0 as grouped modctl load rtnl-link-dummy
assert_loaded dummy
run_expect 0 as grouped modctl unload dummy

printf '# system test\nblacklist dummy\n' >/etc/modprobe.d/zz-test-blacklist.conf
run_expect 6 as grouped modctl load dummy
grep -q "/etc/modprobe.d/zz-test-blacklist.conf:2" <<<"$err" || fail "file not named: $err"
run_expect 6 as grouped modctl load rtnl-link-dummy
assert_not_loaded dummy

run_expect 0 as grouped modctl load --ignore-blacklist dummy
assert_loaded dummy
