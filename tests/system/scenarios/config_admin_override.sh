# An administrator's own files decide over modmgrd's, and modmgrd says so instead of
# pretending: an unblacklist, disable or options change that a file it does not own overrides
# fails with exit 11 naming that file and line, and modmgrd's files stay as they were. Once
# the administrator's file is gone, the same change succeeds.
. "$(dirname "$0")/../lib.sh"
admin_blacklist=/etc/modprobe.d/local-blacklist.conf
admin_load=/etc/modules-load.d/local.conf
admin_options=/etc/modprobe.d/zzz-local.conf
trap 'rm -f "$admin_blacklist" "$admin_load" "$admin_options"
      modctl unblacklist qnx4 >/dev/null 2>&1 || true
      modctl disable ufs >/dev/null 2>&1 || true
      modctl options loop >/dev/null 2>&1 || true' EXIT

run_expect 0 busctl get-property org.modmgr1 /org/modmgr1 org.modmgr1.Manager ConfigurationFiles
[ "$out" = "as 2 \"$modprobe_conf\" \"$load_conf\"" ] || fail "ConfigurationFiles: $out"
ok "modmgrd writes only $modprobe_conf and $load_conf"

printf "# the administrator's own\nblacklist qnx4\n" >"$admin_blacklist"
run_expect 0 modctl blacklist qnx4
refused_unchanged 11 modctl unblacklist qnx4
assert_err_names "$admin_blacklist:2"
run_expect 0 modctl config qnx4 --json
[ "$(json_get "doc['blacklisted']")" = True ] || fail "qnx4 is no longer reported blacklisted: $out"
rm "$admin_blacklist"
run_expect 0 modctl unblacklist qnx4

printf "# the administrator's own\n\nufs\n" >"$admin_load"
run_expect 0 modctl enable ufs
refused_unchanged 11 modctl disable ufs
assert_err_names "$admin_load:3"
rm "$admin_load"
run_expect 0 modctl disable ufs
assert_not_loaded ufs

run_expect 0 modctl options loop max_loop=2
# A later file in libkmod's order: its value is the one the kernel would get.
printf 'options loop max_loop=5\n' >"$admin_options"
refused_unchanged 11 modctl options loop max_loop=3
assert_err_names "$admin_options:1"
assert_managed_line "$modprobe_conf" "options loop max_loop=2"
rm "$admin_options"
run_expect 0 modctl options loop max_loop=3
assert_managed_line "$modprobe_conf" "options loop max_loop=3"
run_expect 0 modctl options loop
