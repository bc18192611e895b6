# enable --now and disable --now load and enable, unload and disable, in one command, like
# systemctl's. Who may: org.modmgr1.configure wants an administrator's password, which nobody
# can give without a terminal; the example rule grants group modmgr load and unload only. A
# refused configuration change does nothing else either.
. "$(dirname "$0")/../lib.sh"
trap 'modctl disable dummy >/dev/null 2>&1 || true; modprobe -r dummy 2>/dev/null || true' EXIT

# refused USER CMD...: USER's CMD is denied (3) and changes neither modmgrd's files nor dummy.
refused() {
    local was_loaded=false
    loaded dummy && was_loaded=true
    refused_unchanged 3 as "$@"
    if $was_loaded; then assert_loaded dummy; else assert_not_loaded dummy; fi
}

assert_not_loaded dummy
refused plain modctl enable --now dummy
refused grouped modctl enable --now dummy
refused admin modctl enable --now dummy

run_expect 0 modctl enable --now dummy
assert_loaded dummy
assert_managed_line "$load_conf" dummy
run_expect 0 modctl config dummy --json
[ "$(json_get "doc['load_at_boot']")" = True ] || fail "dummy is not loaded at boot: $out"
assert_source load "$load_conf" "$line_no" True

refused plain modctl disable --now dummy
# grouped may unload, but the refused disable must not go on to do so.
refused grouped modctl disable --now dummy

run_expect 0 modctl disable --now dummy
assert_not_loaded dummy
! grep -qsx dummy "$load_conf" || fail "dummy is still in $load_conf"
run_expect 0 modctl config dummy --json
[ "$(json_get "doc['load_at_boot']")" = False ] || fail "dummy is still loaded at boot: $out"
