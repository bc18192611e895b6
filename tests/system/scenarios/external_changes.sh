# Changes made outside modmgrd are announced too, exactly once: root's own modprobe and
# modprobe -r, and the kernel autoloading dummy for `ip link add ... type dummy`.
. "$(dirname "$0")/../lib.sh"
remove_on_exit dummy vxlan ip6_udp_tunnel udp_tunnel
watch() { python3 "$(dirname "$0")/../signal_watcher.py" 2 -- "$@"; }
count() { python3 -c 'import json,sys; ev=json.loads(sys.argv[1]); print(sum(1 for e in ev if e[:len(sys.argv)-2] == sys.argv[2:]))' "$@"; }

modctl list >/dev/null
out=$(watch modprobe vxlan)
for m in vxlan udp_tunnel ip6_udp_tunnel; do
    [ "$(count "$out" ModuleLoaded "$m")" = 1 ] || fail "ModuleLoaded $m not exactly once: $out"
done
[ "$(count "$out" InterfacesAdded /org/modmgr1/module/vxlan)" = 1 ] || fail "no object for vxlan: $out"
python3 -c 'import json,sys; ev=[e for e in json.loads(sys.argv[1]) if e[0]=="ModulesChanged"]; assert ev and all(e[3]=="" and e[4]==-1 for e in ev), ev' "$out" ||
    fail "ModulesChanged did not mark the change as external: $out"
ok "root's modprobe vxlan: each module announced once, as an outside change"

out=$(watch modprobe -r vxlan)
for m in vxlan udp_tunnel ip6_udp_tunnel; do
    [ "$(count "$out" ModuleUnloaded "$m")" = 1 ] || fail "ModuleUnloaded $m not exactly once: $out"
done
[ "$(count "$out" InterfacesRemoved /org/modmgr1/module/vxlan)" = 1 ] || fail "vxlan's object not removed: $out"
ok "modprobe -r vxlan: each module's removal announced once"

assert_not_loaded dummy
out=$(watch ip link add mmtest0 type dummy)
assert_loaded dummy
[ "$(count "$out" ModuleLoaded dummy)" = 1 ] || fail "the kernel's autoload of dummy was not announced once: $out"
ip link del mmtest0
ok "kernel autoload (ip link add type dummy) announced"

# The daemon's own operation: announced once, with the caller.
out=$(watch runuser -u grouped -- modctl unload dummy)
[ "$(count "$out" ModuleUnloaded dummy)" = 1 ] || fail "own unload not announced exactly once: $out"
python3 -c 'import json,sys; ev=[e for e in json.loads(sys.argv[1]) if e[0]=="ModulesChanged"]; assert len(ev)==1 and ev[0][3]=="org.modmgr1.unload" and ev[0][4]==int(sys.argv[2]), ev' "$out" "$(id -u grouped)" ||
    fail "ModulesChanged does not name the caller: $out"
ok "modmgrd's own unload announced once, naming the caller"

# What a person watching sees: modctl monitor --json as a plain user, parsed.
events=$(mktemp)
# setpriv execs modctl in place (runuser would stay in between and answer the signal itself).
setpriv --reuid=plain --regid=plain --init-groups modctl monitor --json >"$events" 2>/dev/null </dev/null &
monitor=$!
sleep 2
modprobe dummy
modprobe -r dummy
sleep 2
# SIGTERM: a non-interactive shell starts background jobs with SIGINT ignored.
kill -TERM $monitor
for _ in $(seq 100); do kill -0 $monitor 2>/dev/null || break; sleep 0.1; done
kill -0 $monitor 2>/dev/null && { kill -KILL $monitor; fail "modctl monitor did not exit on SIGTERM"; }
wait $monitor || fail "modctl monitor did not exit cleanly on SIGTERM"
python3 - "$events" <<'PY' || fail "modctl monitor --json: $(cat "$events")"
import json, sys
events = [json.loads(line) for line in open(sys.argv[1])]
got = [(e["event"], e["name"], e["caller_uid"]) for e in events]
assert got == [("loaded", "dummy", None), ("unloaded", "dummy", None)], got
assert all(e["time"] for e in events)
PY
ok "modctl monitor --json reported root's modprobe and modprobe -r, once each"

run_expect 0 modctl list --json
[ "$(json_get '"\n".join(sorted(m["name"] for m in doc["modules"]))')" = "$(cut -d' ' -f1 /proc/modules | sort)" ] ||
    fail "List differs from /proc/modules"
