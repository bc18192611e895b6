# The guest's side of a browser session on the host against Cockpit here, sourced after lib.sh
# by the cockpit_page scenario and the page's bench (bench/cockpit-page-guest.sh); the host's
# side is cockpit_host.py. run-guest forwards two host ports to this guest: cockpit's 9090,
# and 2222 for an sshd through which the host half reads the kernel's state here.
#   cockpit_guest_up SHARE          the NIC, sshd, users' logins and cockpit.socket up
#   cockpit_guest_wait_done SHARE TIMEOUT_S
#                                   "ready" on the share, then the host half's "done" (bounded);
#                                   prints the host half's log, fails unless it exited 0
#   cockpit_guest_down              puts back what cockpit_guest_up changed
# run-guest's virtio NIC (its MAC), on QEMU's user network, where the guest is 10.0.2.15.
cockpit_guest_mac=52:54:00:c0:c4:90
cockpit_guest_run=/run/cockpit-host-session
cockpit_guest_iface=
cockpit_guest_wrote_conf=false
cockpit_guest_started_socket=false
cockpit_guest_started_user_sessions=false

cockpit_guest_up() {
    local share=$1
    [ -d "$share" ] || fail "$share is missing: run-guest makes it when it starts the host half"
    # The network exists for this session only: no scenario expects a NIC driver loaded.
    modprobe virtio_net
    cockpit_guest_iface=$(ip -o link show | awk -v mac="$cockpit_guest_mac" '$0 ~ mac {sub(":", "", $2); print $2}')
    [ -n "$cockpit_guest_iface" ] || fail "no interface with run-guest's MAC $cockpit_guest_mac: $(ip -o link show)"
    ip addr add 10.0.2.15/24 dev "$cockpit_guest_iface"
    ip link set "$cockpit_guest_iface" up
    ok "$cockpit_guest_iface is up as 10.0.2.15"

    # sshd of its own, on the port run-guest forwards, taking only the key run-guest made for
    # this run; the remote scenario's ssh.service (port 22) is left alone. Type=notify, as
    # Debian's ssh.service: systemd-run returns once sshd listens.
    mkdir -p "$cockpit_guest_run"
    install -m 600 "$share/authorized_keys" "$cockpit_guest_run/authorized_keys"
    # No PAM: root's login session would start a user manager for root, 20 s under TCG.
    systemd-run --quiet --unit=cockpit-host-sshd --property=Type=notify --property=RuntimeDirectory=sshd \
        /usr/sbin/sshd -D -p 2222 -o AuthorizedKeysFile="$cockpit_guest_run/authorized_keys" \
        -o PermitRootLogin=prohibit-password -o PasswordAuthentication=no -o UsePAM=no

    # The guest's target has no systemd-user-sessions.service, so /run/nologin is still there
    # and PAM (pam_nologin) turns away every user but root: "System is booting up".
    systemctl is-active --quiet systemd-user-sessions.service ||
        { cockpit_guest_started_user_sessions=true; systemctl start systemd-user-sessions.service; }

    # cockpit-ws gives a login 30 s ("basic" is the login form's scheme); under TCG PAM's
    # session alone, which starts the user's systemd manager, takes about that long.
    [ ! -e /etc/cockpit/cockpit.conf ] || fail "/etc/cockpit/cockpit.conf exists already; this session writes its own"
    cockpit_guest_wrote_conf=true
    printf '[basic]\ntimeout = 300\n' >/etc/cockpit/cockpit.conf
    systemctl is-active --quiet cockpit.socket ||
        { cockpit_guest_started_socket=true; systemctl start cockpit.socket; }
    ok "sshd (port 2222) and cockpit.socket (port 9090) are listening"
}

cockpit_guest_wait_done() {
    local share=$1 timeout_s=$2 deadline status
    touch "$share/ready"
    # Polled: the host writes it over 9p, which tells the guest nothing (no inotify).
    deadline=$(( $(date +%s) + timeout_s ))
    until [ -f "$share/done" ]; do
        [ "$(date +%s)" -lt "$deadline" ] ||
            fail "the host half said nothing within ${timeout_s}s; its log so far: $(cat "$share/host.log" 2>/dev/null)"
        sleep 0.2
    done
    status=$(cat "$share/done")
    echo "--- host half ($share/host.log on the results share)"
    cat "$share/host.log" 2>/dev/null
    [ "$status" = 0 ] || fail "the host half exited $status"
}

cockpit_guest_down() {
    local user
    systemctl stop cockpit-host-sshd.service 2>/dev/null
    # cockpit.socket stays as the boot left it (enabled, it listens from the start); the
    # service behind it and its instances go, with the users' sessions.
    systemctl stop cockpit.service 'cockpit-wsinstance-*' 2>/dev/null
    ! $cockpit_guest_started_socket || systemctl stop cockpit.socket
    ! $cockpit_guest_wrote_conf || rm -f /etc/cockpit/cockpit.conf
    for user in admin grouped plain; do loginctl terminate-user "$user" 2>/dev/null; done
    # Back to "System is booting up": no other scenario's user logs in through PAM's nologin.
    ! $cockpit_guest_started_user_sessions || systemctl stop systemd-user-sessions.service
    [ -z "$cockpit_guest_iface" ] || ip link set "$cockpit_guest_iface" down
    modprobe -r virtio_net 2>/dev/null
    rm -rf "$cockpit_guest_run"
}
