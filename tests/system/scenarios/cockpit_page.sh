# The Kernel modules page in a real browser against the real Cockpit: cockpit-ws through its
# socket unit, logins through the login form with a password, PAM, logind, the bridge, polkitd
# and modmgrd. The browser (chromium, selenium) runs on the HOST, where chromium is not slowed
# down by TCG: run-guest starts ../cockpit_page_host.py next to QEMU and forwards two host ports
# to this guest (cockpit's 9090, and 2222 for an sshd through which the host test reads the
# kernel's state here). This side brings the network, sshd and cockpit up, says "ready" on the
# results share, waits (bounded) for the host's "done" with its exit status, and puts back what
# the page changed. The host test's log, with its screenshots' paths, becomes this log.
. "$(dirname "$0")/../lib.sh"
share=/system-test/cockpit_page
# The host test's own bound is 600 s (cockpit_page_host.py); this one only catches a host
# side that died without saying so.
done_timeout_s=720
# run-guest's virtio NIC (its MAC), on QEMU's user network, where the guest is 10.0.2.15.
mac=52:54:00:c0:c4:90
run=/run/cockpit-page-test
wrote_conf=false
started_socket=false
started_user_sessions=false

cleanup() {
    set +e
    systemctl stop cockpit-page-sshd.service 2>/dev/null
    # cockpit.socket stays as the boot left it (enabled, it listens from the start); the
    # service behind it and its instances go, with the users' sessions.
    systemctl stop cockpit.service 'cockpit-wsinstance-*' 2>/dev/null
    ! $started_socket || systemctl stop cockpit.socket
    ! $wrote_conf || rm -f /etc/cockpit/cockpit.conf
    for user in admin grouped plain; do loginctl terminate-user "$user" 2>/dev/null; done
    # Back to "System is booting up": no other scenario's user logs in through PAM's nologin.
    ! $started_user_sessions || systemctl stop systemd-user-sessions.service
    # What the page may have left when the host test stopped midway: vxlan loaded or
    # blacklisted, the test device's driver bound.
    modctl unblacklist vxlan >/dev/null 2>&1
    for m in vxlan udp_tunnel ip6_udp_tunnel e1000; do modprobe -r "$m" 2>/dev/null; done
    [ -z "${iface:-}" ] || ip link set "$iface" down
    modprobe -r virtio_net 2>/dev/null
    rm -rf "$run"
}
trap cleanup EXIT

[ -d "$share" ] || fail "$share is missing: run-guest makes it when it starts the host test"
begin=$(date +%s)
assert_not_loaded vxlan
assert_not_loaded e1000

# The network exists for this scenario only: no other scenario expects a NIC driver loaded.
modprobe virtio_net
iface=$(ip -o link show | awk -v mac="$mac" '$0 ~ mac {sub(":", "", $2); print $2}')
[ -n "$iface" ] || fail "no interface with run-guest's MAC $mac: $(ip -o link show)"
ip addr add 10.0.2.15/24 dev "$iface"
ip link set "$iface" up
ok "$iface is up as 10.0.2.15"

# sshd of its own, on the port run-guest forwards, taking only the key run-guest made for
# this run; the remote scenario's ssh.service (port 22) is left alone. Type=notify, as
# Debian's ssh.service: systemd-run returns once sshd listens.
mkdir -p "$run"
install -m 600 "$share/authorized_keys" "$run/authorized_keys"
# No PAM: root's login session would start a user manager for root, 20 s under TCG.
systemd-run --quiet --unit=cockpit-page-sshd --property=Type=notify --property=RuntimeDirectory=sshd \
    /usr/sbin/sshd -D -p 2222 -o AuthorizedKeysFile="$run/authorized_keys" \
    -o PermitRootLogin=prohibit-password -o PasswordAuthentication=no -o UsePAM=no

# The guest's target has no systemd-user-sessions.service, so /run/nologin is still there and
# PAM (pam_nologin) turns away every user but root: "System is booting up".
systemctl is-active --quiet systemd-user-sessions.service ||
    { started_user_sessions=true; systemctl start systemd-user-sessions.service; }

# cockpit-ws gives a login 30 s ("basic" is the login form's scheme); under TCG PAM's session
# alone, which starts the user's systemd manager, takes about that long.
[ ! -e /etc/cockpit/cockpit.conf ] || fail "/etc/cockpit/cockpit.conf exists already; this scenario writes its own"
wrote_conf=true
printf '[basic]\ntimeout = 300\n' >/etc/cockpit/cockpit.conf
systemctl is-active --quiet cockpit.socket || { started_socket=true; systemctl start cockpit.socket; }
ok "sshd (port 2222) and cockpit.socket (port 9090) are listening"

setup_s=$(( $(date +%s) - begin ))
touch "$share/ready"
# Polled: the host writes it over 9p, which tells the guest nothing (no inotify).
deadline=$(( $(date +%s) + done_timeout_s ))
until [ -f "$share/done" ]; do
    [ "$(date +%s)" -lt "$deadline" ] ||
        fail "the host test said nothing within ${done_timeout_s}s; its log so far: $(cat "$share/host.log" 2>/dev/null)"
    sleep 0.2
done
status=$(cat "$share/done")
echo "--- host test ($share/host.log on the results share)"
cat "$share/host.log" 2>/dev/null
echo "--- set-up ${setup_s}s, the whole scenario $(( $(date +%s) - begin ))s"
[ "$status" = 0 ] || fail "the host test exited $status"
assert_not_loaded vxlan
assert_not_loaded e1000
