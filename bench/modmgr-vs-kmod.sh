#!/usr/bin/env bash
# Runs INSIDE the system-test guest (tests/system/run-guest --bench): modmgr side by side with
# kmod's tools and systemd, interleaved round by round so that both sides see the same noise.
# Prints medians and the RATIO modmgr/other; absolute times on an emulated CPU mean little.
# Ends with uevent-latency.py: how soon a client hears of a module an outsider loaded.
set -euo pipefail
rounds=${BENCH_ROUNDS:-20}

now_ns() { date +%s%N; }

# time_ns CMD...: wall-clock nanoseconds of one run of CMD (output discarded).
time_ns() {
    local start end
    start=$(now_ns)
    "$@" >/dev/null 2>&1
    end=$(now_ns)
    echo $((end - start))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

declare -A samples
record() { samples[$1]+="$2 "; }

modprobe -r dummy 2>/dev/null || true
modctl list >/dev/null # activate modmgrd before measuring
for ((i = 0; i < rounds; i++)); do
    record modctl_cycle $(( $(time_ns modctl load dummy) + $(time_ns modctl unload dummy) ))
    record modprobe_cycle $(( $(time_ns modprobe dummy) + $(time_ns modprobe -r dummy) ))
    record systemd_cycle $(( $(time_ns systemctl start modprobe@dummy.service) + $(time_ns modprobe -r dummy) ))
    systemctl reset-failed modprobe@dummy.service 2>/dev/null || true
    systemctl stop modprobe@dummy.service 2>/dev/null || true
    record modctl_info "$(time_ns modctl info e1000e)"
    record modinfo "$(time_ns modinfo e1000e)"
    record modctl_list "$(time_ns modctl list)"
    record lsmod "$(time_ns lsmod)"
done

ms() { awk -v ns="$1" 'BEGIN {printf "%.1f", ns / 1e6}'; }
med() { tr ' ' '\n' <<<"${samples[$1]}" | grep . | median; }
row() {
    local a b
    a=$(med "$2")
    b=$(med "$3")
    printf '| %-68s | %8s | %8s | %6s |\n' "$1" "$(ms "$a")" "$(ms "$b")" \
        "$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", a / b}')"
}

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
busctl get-property org.freedesktop.hostname1 /org/freedesktop/hostname1 org.freedesktop.hostname1 Hostname >/dev/null
sleep 2 # both idle
modmgrd_rss=$(rss_kib "$(systemctl show -P MainPID modmgrd.service)")
hostnamed_rss=$(rss_kib "$(systemctl show -P MainPID systemd-hostnamed.service)")

echo "modmgr vs kmod/systemd, $rounds interleaved rounds, medians (kernel $(uname -r), QEMU TCG guest)"
echo
printf '| %-68s | %8s | %8s | %6s |\n' "what (modmgr vs other)" "modmgr" "other" "ratio"
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..70})" "----------" "----------" "--------"
row "modctl load+unload dummy vs modprobe + modprobe -r (ms)" modctl_cycle modprobe_cycle
row "modctl load+unload dummy vs start modprobe@dummy + modprobe -r (ms)" modctl_cycle systemd_cycle
row "modctl info e1000e vs modinfo e1000e (ms)" modctl_info modinfo
row "modctl list vs lsmod (ms)" modctl_list lsmod
printf '| %-68s | %8s | %8s | %6s |\n' "idle RSS modmgrd vs systemd-hostnamed (KiB)" "$modmgrd_rss" "$hostnamed_rss" \
    "$(awk -v a="$modmgrd_rss" -v b="$hostnamed_rss" 'BEGIN {printf "%.2f", a / b}')"

echo
"$(dirname "$0")/uevent-latency.py" 100
