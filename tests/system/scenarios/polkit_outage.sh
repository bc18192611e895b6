# polkitd stopped while calls wait on it, gone, and back: changes polkit would allow (grouped's
# load through the example rule, its configuration through this scenario's rule) fail closed
# whenever polkitd cannot answer - AccessDenied (exit 3), within modmgrd's polkit timeout -
# including the calls in flight when it stops; nothing is loaded or configured meanwhile, reads
# stay available, and once polkitd is back the same calls work again.
. "$(dirname "$0")/../lib.sh"
# modmgrd's --polkit-timeout by default (PolkitTimeouts, daemon/polkit_authority.h): how long
# it waits for polkitd on a check without interaction; the unit passes no other.
polkit_timeout_ms=10000
rule=/etc/polkit-1/rules.d/40-system-test-polkit-outage.rules
work=$(mktemp -d)

# polkitd is bus-activated: masked, a call cannot start it again behind the scenario's back.
polkit_gone() {
    systemctl mask --runtime --quiet polkit.service
    systemctl stop polkit.service
    ! pidof polkitd >/dev/null || fail "polkitd still runs: $(pidof polkitd)"
}
polkit_back() {
    systemctl unmask --runtime --quiet polkit.service
    systemctl start polkit.service
}

cleanup() {
    systemctl unmask --runtime --quiet polkit.service || true
    rm -f "$rule"
    systemctl restart polkit.service || true
    modctl unblacklist minix >/dev/null 2>&1 || true
    modctl options dummy >/dev/null 2>&1 || true
    modprobe -r dummy 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# refused_in_time CMD...: CMD fails with exit 3 within modmgrd's polkit timeout, leaving
# modmgrd's files as they were.
refused_in_time() {
    local begin
    begin=$(now_ms)
    refused_unchanged 3 "$@"
    local took=$(( $(now_ms) - begin ))
    [ $took -lt $polkit_timeout_ms ] || fail "'$*' took $took ms, longer than modmgrd's polkit timeout"
    ok "refused after $took ms: $err"
}

cat >"$rule" <<'EOF'
// system-test polkit_outage: grouped may change the configuration too.
polkit.addRule(function(action, subject) {
    if (action.id == "org.modmgr1.configure" && subject.user == "grouped")
        return polkit.Result.YES;
});
EOF
systemctl restart polkit.service

echo "--- polkitd running: grouped may load and configure"
run_expect 0 as grouped modctl load dummy
assert_loaded dummy
run_expect 0 as grouped modctl unload dummy
run_expect 0 as grouped modctl blacklist minix
run_expect 0 as grouped modctl unblacklist minix

echo "--- polkitd stops while a check waits for an administrator's password"
# plain in a login session, on a terminal (a pty): modctl's pkttyagent prompts, and polkitd
# holds the check open until someone answers or polkitd goes away. (polkitd finds the agent
# of a caller without a login session for none of its checks.)
pty_run='import os, pty, sys; print("EXIT=%d" % os.waitstatus_to_exitcode(pty.spawn(sys.argv[1:])))'
systemd-run --quiet --wait --pipe --property=User=plain --property=PAMName=login \
    /usr/bin/python3 -c "$pty_run" modctl load dummy </dev/null >"$work/prompt.log" 2>&1 &
prompted=$!
deadline=$((SECONDS + 120))
until grep -q "Password:" "$work/prompt.log" || ! kill -0 $prompted 2>/dev/null || [ $SECONDS -ge $deadline ]; do
    sleep 0.5
done
grep -q "Password:" "$work/prompt.log" || fail "no password prompt: $(cat "$work/prompt.log")"
ok "plain's load waits for a password"
polkit_gone
stopped=$(now_ms)
until grep -q "^EXIT=" "$work/prompt.log" || [ $(( $(now_ms) - stopped )) -ge $polkit_timeout_ms ]; do
    sleep 0.2
done
took=$(( $(now_ms) - stopped ))
grep -q "^EXIT=3" "$work/prompt.log" ||
    fail "the waiting call did not end with exit 3 within $took ms of polkitd's end: $(cat "$work/prompt.log")"
ok "refused at most $took ms after polkitd ended: $(grep modctl: "$work/prompt.log")"
wait $prompted
assert_not_loaded dummy

echo "--- polkitd gone: changes are refused, reads are not"
refused_in_time as grouped modctl load dummy
assert_not_loaded dummy
refused_in_time as grouped modctl blacklist minix
refused_in_time as grouped modctl options dummy numdummies=2
run_expect 0 as plain modctl list
run_expect 0 as grouped modctl permissions --json
[ "$(json_get "doc['org.modmgr1.load'], doc['org.modmgr1.configure'], doc['org.modmgr1.inspect']")" = "('no', 'no', 'yes')" ] ||
    fail "permissions without polkitd: $out"
ok "permissions without polkitd: $out"

echo "--- polkitd back: the same calls work"
polkit_back
run_expect 0 as grouped modctl load dummy
assert_loaded dummy
run_expect 0 as grouped modctl unload dummy
run_expect 0 as grouped modctl blacklist minix
assert_managed_line "$modprobe_conf" "blacklist minix"
run_expect 0 as grouped modctl unblacklist minix

echo "--- polkitd stops during a burst of calls"
# Each caller loads dummy over and over, noting when each call began and ended and how.
burst() {
    while [ ! -e "$work/done" ]; do
        local begin code=0
        begin=$(now_ms)
        runuser -u grouped -- timeout 60 modctl load dummy </dev/null >/dev/null 2>&1 || code=$?
        echo "$begin $(now_ms) $code" >>"$1"
    done
}
for i in 1 2 3 4; do burst "$work/burst-$i" & done
sleep 3
stopping=$(now_ms)
polkit_gone
stopped=$(now_ms)
sleep 3
touch "$work/done"
wait
# (How long each call took says little here: four callers at once on an emulated CPU take
# seconds to start modctl alone. The single calls above measure the refusal's delay.)
cat "$work"/burst-* | awk -v stopping="$stopping" -v stopped="$stopped" '
    $3 != 0 && $3 != 3 { print "a call ended with exit " $3; bad = 1 }
    $1 >= stopped && $3 != 3 { print "a call begun after polkitd stopped ended with exit " $3; bad = 1 }
    $1 < stopping && $3 == 0 { before++ }
    $1 < stopped && $2 > stopping { during[$3]++ }
    $1 >= stopped { after++ }
    END {
        printf "%d calls: %d allowed before the stop; in flight while it stopped: %d allowed, %d refused; %d refused after\n",
            NR, before, during[0], during[3], after
        if (!before || !after) { print "the burst did not straddle the stop"; bad = 1 }
        exit bad
    }' || fail "calls (begun, ended, exit) across polkitd's stop ($stopping to $stopped): $(cat "$work"/burst-*)"
ok "every call across the stop was allowed by polkitd or refused"
# What polkitd allowed before it went is loaded; from here on nothing may be.
modprobe -r dummy
refused_in_time as grouped modctl load dummy
assert_not_loaded dummy

polkit_back
run_expect 0 as grouped modctl load dummy
assert_loaded dummy
run_expect 0 as grouped modctl unload dummy
