#!/usr/bin/env bash
# Runs INSIDE the system-test guest (tests/system/run-guest --bench), as root: the guest rows of
# issue 12's table (P1-P4, P2u, P6, P7), each with its goal and PASS or MISS. modmgr runs side
# by side with kmod's tools, systemd and sudo, interleaved round by round so that both sides see
# the same noise; medians, and the RATIO modmgr/other (absolute times on an emulated CPU mean
# little). P2u's user is guest-setup's `grouped`, whom the shipped example rule
# (polkit/examples/50-modmgr-group.rules, installed as its README says) lets load and unload
# through the real polkitd; the same user's sudo gets a NOPASSWD rule for modprobe here.
set -euo pipefail
rounds=${BENCH_ROUNDS:-20}
mixed_calls=${BENCH_MIXED_CALLS:-10000}
user=grouped
here=$(dirname "$0")
# The least any sd-bus client can do per command (bench/floor_call.cpp), timed beside modctl.
floor_call=${MODMGR_FLOOR_CALL:-$here/../build/bench/modmgr-bench-floor-call}
[ -x "$floor_call" ] || floor_call=
# The least a daemon on modmgrd's stack holds idle (bench/floor_daemon.cpp), measured beside it.
floor_daemon=${MODMGR_FLOOR_DAEMON:-$here/../build/bench/modmgr-bench-floor-daemon}
[ -x "$floor_daemon" ] || floor_daemon=
bench_start=$EPOCHREALTIME
uptime_at_start=$(cut -d' ' -f1 /proc/uptime)

# ns CMD...: wall-clock nanoseconds of one run of CMD (output discarded), or "failed: CMD".
# bash reads the clock itself: a `date` on each side would put its own start-up (milliseconds
# under TCG) into every interval and pull each ratio towards 1.
ns() {
    local start=${EPOCHREALTIME//[!0-9]/}
    "$@" >/dev/null 2>&1 || { echo "failed: $*"; return 0; }
    echo $(( (${EPOCHREALTIME//[!0-9]/} - start) * 1000 ))
}

declare -A samples
failures=()
# record NAME NS...: one sample of NAME, the sum of the NS (each from ns). A failed command
# gives no sample (a refused call is quick and would flatter the median) and is reported.
record() {
    local name=$1 sum=0 t
    shift
    for t in "$@"; do
        [[ $t =~ ^[0-9]+$ ]] || { failures+=("$name: $t"); return 0; }
        sum=$((sum + t))
    done
    samples[$name]+="$sum "
}

# user_cycles: one modctl load+unload and one sudo modprobe + modprobe -r by the bench user,
# four lines of ns output; timed inside the user's own shell, so that runuser's start-up
# (its PAM session) is on neither side.
user_cycles() {
    runuser -u "$user" -- bash -c "$(declare -f ns)"'
        ns modctl load dummy; ns modctl unload dummy
        ns sudo -n modprobe dummy; ns sudo -n modprobe -r dummy' </dev/null
}

# What the user does today instead of modctl: sudo without a password for modprobe only.
echo "$user ALL=(root) NOPASSWD: /usr/sbin/modprobe, /sbin/modprobe" >/etc/sudoers.d/modmgr-bench
chmod 440 /etc/sudoers.d/modmgr-bench

modprobe -r dummy 2>/dev/null || true
modctl list >/dev/null # activate modmgrd before measuring
user_cycles >/dev/null # and polkitd, sudo and the user's libraries
# How much the old `date +%s%N` timer added to each interval, for comparison with tables
# measured with it.
date_timer=()
for ((i = 0; i < rounds; i++)); do
    record modctl_cycle "$(ns modctl load dummy)" "$(ns modctl unload dummy)"
    record modprobe_cycle "$(ns modprobe dummy)" "$(ns modprobe -r dummy)"
    record systemd_cycle "$(ns systemctl start modprobe@dummy.service)" "$(ns modprobe -r dummy)"
    systemctl reset-failed modprobe@dummy.service 2>/dev/null || true
    systemctl stop modprobe@dummy.service 2>/dev/null || true
    mapfile -t user_ns < <(user_cycles)
    record user_modctl_cycle "${user_ns[0]:-failed: runuser}" "${user_ns[1]:-failed: runuser}"
    record user_sudo_cycle "${user_ns[2]:-failed: runuser}" "${user_ns[3]:-failed: runuser}"
    record modctl_info "$(ns modctl info e1000e)"
    record modinfo "$(ns modinfo e1000e)"
    record modctl_list "$(ns modctl list)"
    record lsmod "$(ns lsmod)"
    record modctl_version "$(ns modctl --version)"
    record modinfo_version "$(ns modinfo --version)"
    if [ -n "$floor_call" ]; then
        record floor_cycle "$(ns "$floor_call" load dummy)" "$(ns "$floor_call" unload dummy)"
        record floor_info "$(ns "$floor_call" info e1000e)"
        record floor_list "$(ns "$floor_call" list)"
    fi
    start=$(date +%s%N)
    date_timer+=($(( $(date +%s%N) - start )))
done

med() { tr ' ' '\n' <<<"${samples[$1]:-}" | grep . | sort -n |
    awk '{a[NR]=$1} END {if (NR) print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ms() { awk -v ns="$1" 'BEGIN {printf "%.1f", ns / 1e6}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
# verdict RATIO GOAL: PASS when RATIO <= GOAL.
verdict() { awk -v r="$1" -v g="$2" 'BEGIN {print (r <= g) ? "PASS" : "MISS"}'; }

table_row() { printf '| %-4s | %-70s | %8s | %8s | %6s | %-7s | %-5s |\n' "$@"; }
# timed_row ID WHAT A B GOAL: medians of samples A and B in ms, their ratio and its verdict.
timed_row() {
    local a b
    a=$(med "$3")
    b=$(med "$4")
    if [ -z "$a" ] || [ -z "$b" ]; then
        table_row "$1" "$2 (ms)" "${a:+$(ms "$a")}" "${b:+$(ms "$b")}" "-" "<= $5" "MISS"
        return
    fi
    table_row "$1" "$2 (ms)" "$(ms "$a")" "$(ms "$b")" "$(ratio "$a" "$b")" "<= $5" \
        "${5:+$(verdict "$(ratio "$a" "$b")" "$5")}"
}
# rss_row ID WHAT A B GOAL: two RSS figures in KiB, their ratio and its verdict.
rss_row() { table_row "$1" "$2 (KiB)" "$3" "$4" "$(ratio "$3" "$4")" "<= $5" "$(verdict "$(ratio "$3" "$4")" "$5")"; }

# The table's rows come out as soon as they are known, so that a bench cut short still shows them.
echo "issue 12's guest rows, $rounds interleaved rounds, medians (kernel $(uname -r), QEMU TCG guest)"
echo "9p read-only shares: $(findmnt -no OPTIONS "/lib/modules/$(uname -r)")"
echo
table_row row "what (modmgr vs other)" modmgr other ratio goal ""
printf '|%s|%s|%s|%s|%s|%s|%s|\n' ------ "$(printf -- '-%.0s' {1..72})" ---------- ---------- \
    -------- --------- -------
timed_row P1 "modctl load+unload dummy vs modprobe + modprobe -r" modctl_cycle modprobe_cycle 1.15
timed_row P2 "modctl load+unload dummy vs start modprobe@dummy + modprobe -r" modctl_cycle systemd_cycle 0.6
timed_row P2u "user $user: modctl load+unload vs sudo modprobe + sudo modprobe -r" user_modctl_cycle user_sudo_cycle 1.0
timed_row P3 "modctl info e1000e vs modinfo e1000e" modctl_info modinfo 0.9
timed_row P4 "modctl list vs lsmod" modctl_list lsmod 1.0
a=$(med modctl_version) b=$(med modinfo_version)
table_row "" "start-up: modctl --version vs modinfo --version (ms)" "$(ms "$a")" "$(ms "$b")" "$(ratio "$a" "$b")" - -
# floor_row WHAT A B: an informative row, the floor client's median against kmod's tool's.
floor_row() {
    local a b
    a=$(med "$2") b=$(med "$3")
    [ -n "$a" ] && [ -n "$b" ] || return 0
    table_row "" "floor: $1 (ms)" "$(ms "$a")" "$(ms "$b")" "$(ratio "$a" "$b")" - -
}
if [ -n "$floor_call" ]; then
    floor_row "one-call sd-bus client load+unload vs modprobe + modprobe -r" floor_cycle modprobe_cycle
    floor_row "one-call sd-bus client info e1000e vs modinfo e1000e" floor_info modinfo
    floor_row "one-call sd-bus client list vs lsmod" floor_list lsmod
else
    echo "(no floor rows: build bench/modmgr-bench-floor-call, or set MODMGR_FLOOR_CALL)"
fi

# Polkit's share of the user's modctl, read off the bus: busctl captures every message of some
# further cycles; the share is polkitd's CheckAuthorization round trips (modmgrd's question to
# its answer) over the Load and Unload round trips (modctl's call to modmgrd's reply), both as
# the monitor saw them. Not interleaved with the rounds: the capture costs CPU of its own.
capture=$(mktemp)
busctl capture --size=1048576 >"$capture" 2>/dev/null &
capture_pid=$!
sleep 1
for ((i = 0; i < 10; i++)); do user_cycles >/dev/null; done
sleep 1
kill "$capture_pid"
wait "$capture_pid" 2>/dev/null || true
polkit_share=$(/usr/bin/python3 - "$capture" <<'PY'
import statistics, struct, sys
from gi.repository import Gio, GLib

data = open(sys.argv[1], "rb").read()
calls, rtts = {}, {"polkit": [], "modmgr": []}
offset = 0
# busctl writes pcapng: blocks of (type, length, body, length); an Enhanced Packet Block (6)
# holds one whole D-Bus message and its time in microseconds (no if_tsresol option).
while offset + 12 <= len(data):
    block, length = struct.unpack_from("<II", data, offset)
    body = offset + 8
    offset += length
    if block != 6 or length < 32:
        continue
    high, low, captured = struct.unpack_from("<III", data, body + 4)
    at = ((high << 32) | low) / 1e6
    try:
        message = Gio.DBusMessage.new_from_blob(data[body + 20:body + 20 + captured],
                                                Gio.DBusCapabilityFlags.UNIX_FD_PASSING)
    except GLib.Error:
        continue  # only a message over --size would be cut short
    kind = message.get_message_type()
    if kind == Gio.DBusMessageType.METHOD_CALL:
        key = {"CheckAuthorization": "polkit", "Load": "modmgr", "Unload": "modmgr"}.get(
            message.get_member())
        if key:
            calls[(message.get_sender(), message.get_serial())] = (key, at)
    elif kind in (Gio.DBusMessageType.METHOD_RETURN, Gio.DBusMessageType.ERROR):
        call = calls.pop((message.get_destination(), message.get_reply_serial()), None)
        if call:
            rtts[call[0]].append((at - call[1]) * 1000)
polkit, modmgr = rtts["polkit"], rtts["modmgr"]
if not polkit or not modmgr:
    print(f"no data ({len(polkit)} CheckAuthorization, {len(modmgr)} Load/Unload round trips)")
else:
    print(f"{100 * sum(polkit) / sum(modmgr):.0f}% of modmgrd's Load/Unload round trips "
          f"(bus capture of 10 more cycles: {len(polkit)} CheckAuthorization, median "
          f"{statistics.median(polkit):.1f} ms; {len(modmgr)} Load/Unload, median "
          f"{statistics.median(modmgr):.1f} ms)")
PY
)
rm -f "$capture"
modprobe -r dummy 2>/dev/null || true

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
# What of the RSS is the process's own memory rather than mapped files (libraries), which
# depend on what the page cache holds (the 9p cache mode changes that much).
rss_split() { awk '/^RssAnon/ {a = $2} /^RssFile/ {f = $2} END {print a " KiB anonymous + " f " KiB files"}' "/proc/$1/status"; }
modmgrd_pid=$(systemctl show -P MainPID modmgrd.service)
busctl get-property org.freedesktop.hostname1 /org/freedesktop/hostname1 org.freedesktop.hostname1 Hostname >/dev/null
floor_daemon_pid=
if [ -n "$floor_daemon" ]; then
    "$floor_daemon" e1000e &
    floor_daemon_pid=$!
fi
sleep 2 # all idle
hostnamed_pid=$(systemctl show -P MainPID systemd-hostnamed.service)
modmgrd_rss=$(rss_kib "$modmgrd_pid") modmgrd_split=$(rss_split "$modmgrd_pid")
hostnamed_rss=$(rss_kib "$hostnamed_pid") hostnamed_split=$(rss_split "$hostnamed_pid")
floor_daemon_rss= floor_daemon_split=
if [ -n "$floor_daemon_pid" ]; then
    if kill -0 "$floor_daemon_pid" 2>/dev/null; then
        floor_daemon_rss=$(rss_kib "$floor_daemon_pid") floor_daemon_split=$(rss_split "$floor_daemon_pid")
        kill "$floor_daemon_pid"
    else
        failures+=("modmgr-bench-floor-daemon exited before its RSS was read")
    fi
    wait "$floor_daemon_pid" 2>/dev/null || true
fi

# P6's load: MIXED_CALLS calls from one process and one connection, eight in flight (a GUI's
# burst, under modmgrd's per-connection bound of 16), root's, so that polkitd's pace does not
# set the rate. The mix, repeated in this order: Info of a loaded, an unloaded and an unknown
# module (an error reply), List twice, GetConfiguration, GetPermissions, the Manager's
# properties, GetManagedObjects and Peer.Ping.
mix_report=$(/usr/bin/python3 - "$mixed_calls" <<'PY'
import sys, time
from gi.repository import Gio, GLib

total = int(sys.argv[1])
s = lambda text: GLib.Variant("(s)", (text,))
mix = [("org.modmgr1.Manager", "Info", s("9p")), ("org.modmgr1.Manager", "Info", s("e1000e")),
       ("org.modmgr1.Manager", "Info", s("no_such_module")), ("org.modmgr1.Manager", "List", None),
       ("org.modmgr1.Manager", "List", None), ("org.modmgr1.Manager", "GetConfiguration", s("e1000e")),
       ("org.modmgr1.Manager", "GetPermissions", None),
       ("org.freedesktop.DBus.Properties", "GetAll", s("org.modmgr1.Manager")),
       ("org.freedesktop.DBus.ObjectManager", "GetManagedObjects", None),
       ("org.freedesktop.DBus.Peer", "Ping", None)]
bus = Gio.bus_get_sync(Gio.BusType.SYSTEM)
loop = GLib.MainLoop()
sent = done = 0
errors = {}


def send():
    global sent
    interface, member, args = mix[sent % len(mix)]
    sent += 1
    bus.call("org.modmgr1", "/org/modmgr1", interface, member, args, None,
             Gio.DBusCallFlags.NONE, 30000, None, finished, None)


def finished(connection, result, _):
    global done
    done += 1
    try:
        connection.call_finish(result)
    except GLib.Error as e:
        name = Gio.DBusError.get_remote_error(e) or e.message
        errors[name] = errors.get(name, 0) + 1
    if sent < total:
        send()
    elif done == total:
        loop.quit()


start = time.monotonic()
for _ in range(min(8, total)):
    send()
loop.run()
seconds = time.monotonic() - start
expected = sum(1 for i in range(total) if i % len(mix) == 2)
print(f"{total} calls in {seconds:.1f} s ({total / seconds:.0f}/s); error replies: "
      f"{errors or 'none'} (expected: {expected} NotFound for no_such_module)")
PY
)
sleep 2 # idle again
modmgrd_rss_after=$(rss_kib "$modmgrd_pid") modmgrd_split_after=$(rss_split "$modmgrd_pid")
# Where the anonymous part is: the largest mappings (malloc arenas, thread stacks, [heap]).
modmgrd_anon_after=$(awk '/^[0-9a-f]+-[0-9a-f]+ / {m = ($6 == "") ? "anonymous " $1 : $6}
    /^Anonymous:/ && $2 >= 128 {print $2 " KiB " m}' "/proc/$modmgrd_pid/smaps" | sort -rn | head -n 6 |
    paste -sd';' | sed 's/;/; /g')
modmgrd_threads_after=$(awk '/^Threads/ {print $2}' "/proc/$modmgrd_pid/status")
[ "$(systemctl show -P MainPID modmgrd.service)" = "$modmgrd_pid" ] ||
    failures+=("modmgrd restarted during the mixed calls")

rss_row P6 "idle RSS modmgrd vs systemd-hostnamed" "$modmgrd_rss" "$hostnamed_rss" 1.0
rss_row P6 "modmgrd RSS after $mixed_calls mixed calls vs its idle RSS" "$modmgrd_rss_after" "$modmgrd_rss" 1.1
if [ -n "$floor_daemon_rss" ]; then
    table_row "" "floor: the stack's libraries alone, idle, vs systemd-hostnamed (KiB)" "$floor_daemon_rss" \
        "$hostnamed_rss" "$(ratio "$floor_daemon_rss" "$hostnamed_rss")" - -
    table_row "" "modmgrd idle vs that floor (KiB)" "$modmgrd_rss" "$floor_daemon_rss" \
        "$(ratio "$modmgrd_rss" "$floor_daemon_rss")" - -
else
    echo "(no P6 floor rows: build bench/modmgr-bench-floor-daemon, or set MODMGR_FLOOR_DAEMON)"
fi
echo
a=$(med user_modctl_cycle) b=$(med modctl_cycle)
echo "P2u polkit's share of $user's modctl load+unload:"
echo "    from the bus: $polkit_share"
echo "    from the rounds, $user's median cycle minus root's (which skips polkit; the difference of two
    medians, so noisy): $(awk -v a="$a" -v b="$b" 'BEGIN {
    if (a == "" || b == "") print "n/a"
    else printf "%.1f ms of %.1f ms (%.0f%%)", (a - b) / 1e6, a / 1e6, 100 * (a - b) / a }')"
echo "P6 RSS: modmgrd idle $modmgrd_split, after the mixed calls $modmgrd_split_after;"
echo "    after them, $modmgrd_threads_after threads; anonymous pages by mapping: $modmgrd_anon_after"
echo "    systemd-hostnamed idle $hostnamed_split"
[ -z "$floor_daemon_split" ] || echo "    modmgr-bench-floor-daemon idle $floor_daemon_split"
echo "P6 mixed calls: $mix_report"
echo "timer: the old \`date +%s%N\` pair added a median $(ms "$(printf '%s\n' "${date_timer[@]}" | sort -n |
    awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')") ms to each interval; these intervals have none of it"
echo
"$here/uevent-latency.py" 100 || failures+=("uevent-latency.py missed events")
echo
echo "bench: $(awk -v a="$bench_start" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.0f", b - a}') s, started at guest uptime ${uptime_at_start} s"
if [ ${#failures[@]} -gt 0 ]; then
    printf 'FAILED: %s\n' "${failures[@]}"
    exit 1
fi
