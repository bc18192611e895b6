# polkit for real, on a terminal driven by tmux: a plain user's modctl load prompts through
# pkttyagent; the admin's password loads the module, a wrong one changes nothing; without a
# terminal or with --no-ask-password nobody is prompted; list and info never prompt;
# auth_admin_keep spares a long-lived client the second prompt.
. "$(dirname "$0")/../lib.sh"
socket=/tmp/polkit-test.tmux
session=t
trap 'systemctl stop polkit-test-seat.service 2>/dev/null || true; modprobe -r dummy 2>/dev/null || true' EXIT

tmux_() { tmux -S "$socket" "$@"; }
screen() { tmux_ capture-pane -p -t "$session"; }

# wait_for TEXT: until the terminal shows TEXT (20 s at most).
wait_for() {
    for _ in $(seq 200); do
        screen 2>/dev/null | grep -qF "$1" && return 0
        sleep 0.1
    done
    fail "the terminal never showed '$1': $(screen)"
}

type_line() { tmux_ send-keys -t "$session" "$1" Enter; }

# The user's terminal lives in a login session on seat0 (PAM "login" on tty1), as a person at
# the console has: polkit then counts the user as local and active, which is what the
# auth_admin_keep default needs (a session without a seat, such as ssh's, gets allow_any).
# The unit's main process stays until the tmux session ends, so the login session stays open.
systemd-run --quiet --unit=polkit-test-seat --property=User=plain \
    --property=PAMName=login --property=TTYPath=/dev/tty1 /bin/sh -c \
    "tmux -S $socket new-session -d -s $session -x 160 -y 50 bash -l &&
     while tmux -S $socket has-session -t $session 2>/dev/null; do sleep 1; done"
wait_for '$'
seat_session=$(loginctl list-sessions --no-legend | awk '$3 == "plain" && $4 == "seat0" {print $1; exit}')
[ -n "$seat_session" ] || fail "no session for plain on seat0: $(loginctl list-sessions)"
state=$(loginctl show-session "$seat_session" -p Active -p Remote | sort | tr '\n' ' ')
[ "$state" = "Active=yes Remote=no " ] || fail "plain's session is not local and active: $(loginctl show-session "$seat_session"); tty0 active: $(cat /sys/class/tty/tty0/active 2>&1)"
ok "plain has a local, active session on seat0"

type_line "modctl list >/dev/null && modctl info dummy >/dev/null && echo READS-\"DONE\""
wait_for READS-DONE
screen | grep -qi password && fail "list/info asked for a password"
ok "list and info did not prompt"

type_line "modctl load dummy; echo \"EXIT\"=\$?"
wait_for "Password:"
type_line "wrong-password"
wait_for "EXIT="
screen | grep -q "EXIT=3" || fail "a wrong password did not give exit 3: $(screen)"
assert_not_loaded dummy

type_line "clear; modctl load dummy; echo \"EXIT\"=\$?"
wait_for "Password:"
type_line "admin-pw"
wait_for "EXIT="
screen | grep -q "EXIT=0" || fail "the admin's password did not load dummy: $(screen)"
assert_loaded dummy
modprobe -r dummy

# auth_admin_keep: polkit keeps the authorization for the process that earned it, so a
# long-lived client (a settings app) is asked once; every modctl run is a new process.
type_line "clear; python3 $(dirname "$(readlink -f "$0")")/../keep_client.py"
wait_for "Password:"
type_line "admin-pw"
wait_for "SECOND="
screen | grep -q "FIRST=ok" || fail "the first call failed: $(screen)"
screen | grep -q "SECOND=ok" || fail "the second call failed: $(screen)"
[ "$(screen | grep -c "Password:")" -eq 1 ] || fail "the second call prompted again: $(screen)"
ok "no second prompt for the same client within the auth_admin_keep window"
modprobe -r dummy

type_line "clear; modctl load --no-ask-password vxlan; echo \"EXIT\"=\$?"
wait_for "EXIT="
screen | grep -q "Password:" && fail "--no-ask-password prompted"
screen | grep -q "EXIT=3" || fail "--no-ask-password did not refuse with exit 3: $(screen)"
assert_not_loaded vxlan

run_expect 3 as plain modctl load vxlan
assert_not_loaded vxlan
ok "without a terminal: a clear refusal, no prompt"
