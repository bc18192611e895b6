# modmgrd killed (SIGKILL) in the middle of a Load with dependencies - vxlan after udp_tunnel
# and ip6_udp_tunnel - once the first dependency is in the kernel: the caller hears that the
# daemon went away (exit 9), systemd starts modmgrd again (Restart=), and what it publishes is
# what the kernel has, whatever the killed Load left behind - and says in the journal what the
# interrupted Load left loaded and what not (OperationRecords in /run/modmgrd).
. "$(dirname "$0")/../lib.sh"
chain=(vxlan ip6_udp_tunnel udp_tunnel)
work=$(mktemp -d)
remove_on_exit "${chain[@]}"
for module in "${chain[@]}"; do assert_not_loaded "$module"; done

# in_kernel NAME: NAME is in /proc/modules; bash builtins only, so the poll below is fast.
in_kernel() {
    local modules
    IFS= read -r -d '' modules </proc/modules || true
    [[ $'\n'$modules == *$'\n'$1\ * ]]
}

# kill_load_midway: starts `modctl load vxlan` and kills modmgrd as soon as udp_tunnel is in
# the kernel. Succeeds when the kill landed mid-way: vxlan not loaded, the caller cut off.
kill_load_midway() {
    modctl load vxlan >"$work/load.log" 2>&1 &
    local caller=$! code=0 deadline=$((SECONDS + 60))
    until in_kernel udp_tunnel || [ $SECONDS -ge $deadline ]; do :; done
    # kill(1) rather than `systemctl kill`: the builtin signals at once, where systemctl would
    # first start and ask systemd over its socket while the Load goes on.
    kill -KILL "$pid"
    wait $caller || code=$?
    echo "modctl load vxlan: exit $code: $(cat "$work/load.log")"
    [ $code -eq 9 ] && ! in_kernel vxlan
}

run_expect 0 modctl list # modmgrd running
for attempt in 1 2 3 4 5; do
    pid=$(systemctl show -P MainPID modmgrd.service)
    restarts=$(systemctl show -P NRestarts modmgrd.service)
    cursor=$(journalctl --show-cursor -n 0 -q | sed -n 's/^-- cursor: //p')
    kill_load_midway && break
    echo "attempt $attempt: the kill came too late; again"
    await_restart "$pid" "$restarts"
    for module in "${chain[@]}"; do modprobe -r "$module" 2>/dev/null || true; done
    [ "$attempt" -lt 5 ] || fail "in 5 attempts the kill never landed while vxlan was loading"
done
left_behind=$(for module in "${chain[@]}"; do if in_kernel "$module"; then echo "$module"; fi; done | xargs)
ok "modmgrd killed mid-way through Load vxlan; the kernel has: ${left_behind:-none of them}"

await_restart "$pid" "$restarts"
new_pid=$(systemctl show -P MainPID modmgrd.service)
journalctl --sync
# The journal from just before the kill: the killed daemon's last words, the new one's start.
journal=$(journalctl --after-cursor "$cursor" -o short-monotonic)
grep -q "modmgrd\[$new_pid\]: serving org.modmgr1" <<<"$journal" || fail "the new modmgrd did not log its start: $journal"
ok "the new modmgrd logged its start"

# Its report on the interrupted Load: one record, with the modules as the kernel has them now.
# Filtered here, not by a journalctl match: systemd 252's journalctl --after-cursor skips the
# first entry that matches when the cursor's own entry does not.
report=$(journalctl --after-cursor "$cursor" -o json |
         python3 -c 'import json, sys
for line in sys.stdin:
    if json.loads(line).get("MESSAGE_ID") == "4d8f3b7e0c5a4f4e9b1a6c2d7e8f9a04":
        print(line, end="")')
[ "$(grep -c . <<<"$report")" -eq 1 ] || fail "expected one report of the interrupted Load: $report"
fields=$(python3 -c 'import json, sys; r = json.loads(sys.stdin.read()); print(r["ACTION"], r["MODULE"], r["CALLER_UID"], r["_PID"]); print(r["MESSAGE"])' <<<"$report")
echo "$fields"
[ "$(head -n1 <<<"$fields")" = "load vxlan 0 $new_pid" ] || fail "the report's fields: $fields"
message=$(tail -n1 <<<"$fields")
expected_loaded=$(for module in udp_tunnel ip6_udp_tunnel vxlan; do if in_kernel "$module"; then echo "$module"; fi; done | paste -sd, | sed 's/,/, /g')
grep -qF "now loaded: ${expected_loaded:-none of them};" <<<"$message" || fail "the report names the wrong modules as loaded: $message"
grep -qF "not loaded: " <<<"$message" && grep -q "not loaded: .*vxlan" <<<"$message" || fail "the report does not say vxlan is not loaded: $message"
[ -z "$(ls /run/modmgrd)" ] || fail "the record is still in /run/modmgrd: $(ls /run/modmgrd)"
ok "the journal says what the interrupted Load left behind: $message"

assert_objects_match_kernel
rm -rf "$work"
