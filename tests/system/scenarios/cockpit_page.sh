# The Kernel modules page in a real browser against the real Cockpit: cockpit-ws through its
# socket unit, logins through the login form with a password, PAM, logind, the bridge, polkitd
# and modmgrd. The browser (chromium, selenium) runs on the HOST, where chromium is not slowed
# down by TCG: run-guest starts ../cockpit_page_host.py next to QEMU (../cockpit_guest.sh
# tells how the two halves meet). This side brings the network, sshd and cockpit up, waits
# (bounded) for the host's "done", and puts back what the page changed. The host half's log,
# with its screenshots' paths, becomes this log.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../cockpit_guest.sh"
share=/system-test/cockpit_page
# The host half's own bound is 600 s (cockpit_page_host.py); this one only catches a host
# side that died without saying so.
done_timeout_s=720

cleanup() {
    set +e
    cockpit_guest_down
    # What the page may have left when the host half stopped midway: vxlan loaded or
    # blacklisted, the test device's driver bound.
    modctl unblacklist vxlan >/dev/null 2>&1
    for m in vxlan udp_tunnel ip6_udp_tunnel e1000; do modprobe -r "$m" 2>/dev/null; done
}
trap cleanup EXIT

begin=$(date +%s)
assert_not_loaded vxlan
assert_not_loaded e1000
cockpit_guest_up "$share"
setup_s=$(( $(date +%s) - begin ))
cockpit_guest_wait_done "$share" "$done_timeout_s"
echo "--- set-up ${setup_s}s, the whole scenario $(( $(date +%s) - begin ))s"
assert_not_loaded vxlan
assert_not_loaded e1000
