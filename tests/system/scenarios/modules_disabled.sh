# system-test: last
# What the kernel says about loading at all, then kernel.modules_disabled=1, which nothing but
# a reboot undoes: this scenario runs after every other one of its boot (the marker above).
# Before that: a real (Debian, signed) module's taint and signature in list and info, and what
# status says of lockdown.
. "$(dirname "$0")/../lib.sh"
remove_on_exit dummy

# Debian's kernel checks signatures and trusts Debian's key: dummy loads untainted, verified.
modctl load dummy
[ -z "$(cat /sys/module/dummy/taint)" ] || fail "dummy taints the kernel: $(cat /sys/module/dummy/taint)"
run_expect 0 modctl list --json
[ "$(json_get '[(m["taint"], m["signed"]) for m in doc["modules"] if m["name"] == "dummy"]')" = "[('', True)]" ] ||
    fail "list does not say dummy is untainted and verified: $out"
run_expect 0 modctl info --json dummy
[ "$(json_get '(doc["taint"], doc["signed"])')" = "('', True)" ] || fail "info dummy: $out"
# Not loaded: whether the file carries a signature, as modinfo's sig_id says.
[ -n "$(modinfo -F sig_id vxlan)" ] || fail "Debian's vxlan.ko is not signed"
run_expect 0 modctl info --json vxlan
[ "$(json_get '("taint" in doc, doc["signed"])')" = "(False, True)" ] || fail "info vxlan: $out"

lockdown=/sys/kernel/security/lockdown
if [ -r "$lockdown" ]; then
    mode=$(sed 's/.*\[\(.*\)\].*/\1/' "$lockdown")
else
    mode=unknown
fi
run_expect 0 modctl status
grep "Lockdown: $mode" <<<"$out" || fail "status does not say lockdown $mode ($lockdown: $(cat "$lockdown" 2>&1)): $out"

sysctl -q -w kernel.modules_disabled=1
# Not vxlan: the reboot scenarios, whose first halves ran before this one, leave udp_tunnel
# masked for the second boot.
run_expect 15 modctl load nf_conntrack
grep -q "kernel.modules_disabled is set" <<<"$err" || fail "the refusal does not say why: $err"
assert_not_loaded nf_conntrack
assert_not_loaded nf_defrag_ipv4
run_expect 15 modctl unload dummy
assert_loaded dummy
run_expect 0 modctl status
grep "Module loading: disabled until reboot (kernel.modules_disabled)" <<<"$out" || fail "status: $out"
