# A mask keeps a module out by every path on a real kernel: modmgrd's Load (as a dependency),
# root's own modprobe, and the kernel's request_module autoload (which runs modprobe with an
# alias); masking a loaded module leaves it loaded and says so; unmask restores all of it.
. "$(dirname "$0")/../lib.sh"

cleanup() {
    modctl unmask udp_tunnel >/dev/null 2>&1 || true
    modctl unmask dummy >/dev/null 2>&1 || true
    ip link del x 2>/dev/null || true
    for m in vxlan ip6_udp_tunnel udp_tunnel dummy; do modprobe -r "$m" 2>/dev/null || true; done
}
trap cleanup EXIT
assert_not_loaded udp_tunnel
assert_not_loaded dummy

run_expect 0 modctl mask udp_tunnel
assert_managed_line "$modprobe_conf" "install udp_tunnel /bin/false"
run_expect 14 modctl load vxlan
assert_err_names "udp_tunnel is masked by $modprobe_conf:$line_no"
run_expect 1 modprobe vxlan
assert_not_loaded udp_tunnel
assert_not_loaded vxlan

run_expect 0 modctl mask dummy
! ip link add x type dummy 2>/dev/null || fail "ip link add made a dummy link although dummy is masked"
assert_not_loaded dummy

run_expect 0 modctl unmask udp_tunnel
run_expect 0 modctl unmask dummy
run_expect 0 modctl load vxlan
assert_loaded udp_tunnel
ip link add x type dummy || fail "ip link add x type dummy failed after unmask"
assert_loaded dummy
ok "the kernel autoloaded dummy after unmask"

# Masking what is loaded keeps it loaded and says so; --now unloads it.
run_expect 0 modctl mask udp_tunnel
grep -q "udp_tunnel is loaded now and stays loaded" <<<"$err" || fail "no warning: $err"
assert_loaded udp_tunnel
run_expect 0 modctl config udp_tunnel --json
[ "$(json_get "doc['masked']")" = True ] || fail "udp_tunnel is not reported masked: $out"
run_expect 0 modctl unmask udp_tunnel
run_expect 0 modctl mask --now dummy
assert_not_loaded dummy
run_expect 0 modctl unmask dummy
! grep -qsEv '^(#|$)' "$modprobe_conf" || fail "configuration left over: $(cat "$modprobe_conf")"
