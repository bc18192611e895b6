# The three kinds of user: the group the example polkit rule names loads and unloads without
# a password; a plain user without a terminal is refused; root needs no polkit at all.
. "$(dirname "$0")/../lib.sh"
remove_on_exit dummy
[ -f /etc/polkit-1/rules.d/50-modmgr-group.rules ] || fail "the example rule is not installed"
run_expect 0 as grouped modctl load dummy
assert_loaded dummy
run_expect 3 as plain modctl unload dummy
assert_loaded dummy
run_expect 0 as grouped modctl unload dummy
assert_not_loaded dummy
id -nG admin | grep -qw sudo || fail "admin is not in group sudo"
ok "admin is a polkit administrator (group sudo)"
