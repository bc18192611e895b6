# sudo ./scripts/install run again: its install step (packaging/install-deb) on the package
# already installed replaces it in place, restarts modmgrd.service (a new process runs the new
# files) and leaves it enabled and answering, with the bus policy in force for normal users.
. "$(dirname "$0")/../lib.sh"
repo=$(cd "$(dirname "$0")/../../.." && pwd)
remove_on_exit dummy

# An earlier scenario may have stopped it; a call starts it again.
run_expect 0 modctl list
before=$(systemctl show -P MainPID modmgrd.service)
run_expect 0 "$repo/packaging/install-deb" /system-test/modmgr.deb
after=$(systemctl show -P MainPID modmgrd.service)
[ "$after" != 0 ] && [ "$after" != "$before" ] ||
    fail "modmgrd was not restarted by the second install (pid $before, now $after)"
ok "the second install restarted modmgrd: pid $before, now $after"
systemctl is-enabled --quiet modmgrd.service || fail "modmgrd.service is no longer enabled"
[ "$(dpkg-query -W -f='${Status}' modmgr)" = "install ok installed" ] ||
    fail "modmgr is not cleanly installed: $(dpkg-query -W -f='${Status}' modmgr)"
ok "modmgr installed, modmgrd.service enabled"

run_expect 0 as grouped modctl load dummy
assert_loaded dummy
run_expect 0 as grouped modctl unload dummy
assert_not_loaded dummy
