# Several users load and unload the same modules at once for 30 s: every call is answered,
# nothing crashes, and List and the bus objects equal /proc/modules at the end.
. "$(dirname "$0")/../lib.sh"
remove_on_exit vxlan geneve dummy ip6_udp_tunnel udp_tunnel
work=$(mktemp -d)
chmod 777 "$work"

hammer() {
    local user=$1 log=$2 end=$((SECONDS + 30)) i=0
    local commands=("load dummy" "load vxlan" "load geneve" "unload dummy" "unload vxlan"
                    "unload geneve" "list" "info vxlan")
    while [ $SECONDS -lt $end ]; do
        local command=${commands[$(( (RANDOM + i) % ${#commands[@]} ))]}
        set +e
        runuser -u "$user" -- timeout 60 modctl $command >/dev/null 2>>"$log.err" </dev/null
        echo "$? $command" >>"$log"
        set -e
        i=$((i + 1))
    done
}

hammer grouped "$work/grouped-1" & hammer grouped "$work/grouped-2" &
hammer root "$work/root-1" & hammer plain "$work/plain-1" &
wait

calls=$(cat "$work"/*-[0-9] | wc -l)
# 0 done, 3 not authorized (plain), 4 not loaded, 5 in use, 7 already loaded: all answers.
bad=$(cat "$work"/*-[0-9] | awk '$1 !~ /^(0|3|4|5|7)$/' | sort | uniq -c)
[ -z "$bad" ] || fail "unexpected answers: $bad; $(sort -u "$work"/*.err | head -5)"
ok "$calls calls answered"
systemctl is-active --quiet modmgrd.service || fail "modmgrd is not running"

assert_objects_match_kernel
rm -rf "$work"
