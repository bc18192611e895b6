# modmgrd is installed from the Debian package and started by D-Bus activation on
# the first call; the bus, polkitd and systemd are the real ones.
. "$(dirname "$0")/../lib.sh"
systemctl stop modmgrd.service
! systemctl is-active --quiet modmgrd.service || fail "modmgrd still running after stop"
run_expect 0 as plain modctl list
systemctl is-active --quiet modmgrd.service || fail "the call did not activate modmgrd.service"
ok "the first call started modmgrd.service"
[ "$(busctl get-property org.modmgr1 /org/modmgr1 org.modmgr1.Manager KernelRelease)" = "s \"$(uname -r)\"" ] ||
    fail "KernelRelease is not the running kernel's"
systemctl is-active --quiet polkit.service || fail "polkitd is not the one answering"
ok "polkitd is running"
