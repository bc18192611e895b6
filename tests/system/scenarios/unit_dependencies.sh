# A unit can depend on a module through modmgr-module@NAME.service: the module is loaded
# before the unit starts and unloaded after it stops, unless something else still uses it
# (not a failure); an invalid instance name fails with a clear message.
. "$(dirname "$0")/../lib.sh"
remove_on_exit vxlan geneve ip6_udp_tunnel udp_tunnel
units=/run/systemd/system

cat >"$units/module-demo.service" <<'UNIT'
[Unit]
Requires=modmgr-module@vxlan.service
After=modmgr-module@vxlan.service
[Service]
Type=oneshot
RemainAfterExit=yes
# The module must already be there when the service starts.
ExecStart=/bin/sh -c 'grep -q "^vxlan " /proc/modules'
UNIT
cat >"$units/module-demo-shared.service" <<'UNIT'
[Unit]
Requires=modmgr-module@udp_tunnel.service
After=modmgr-module@udp_tunnel.service
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/true
UNIT
systemctl daemon-reload

systemctl start module-demo.service || fail "module-demo did not start: $(journalctl -u module-demo -u 'modmgr-module@*' --no-pager | tail -5)"
assert_loaded vxlan
systemctl is-active --quiet modmgr-module@vxlan.service || fail "modmgr-module@vxlan is not active"
systemctl stop module-demo.service
for _ in $(seq 100); do loaded vxlan || break; sleep 0.1; done
assert_not_loaded vxlan
assert_not_loaded udp_tunnel
! systemctl is-active --quiet modmgr-module@vxlan.service || fail "modmgr-module@vxlan still active"
ok "loaded before module-demo started, unloaded with its dependencies after it stopped"

# udp_tunnel held by geneve: stopping the unit leaves it loaded and does not fail.
run_expect 0 modctl load geneve
systemctl start module-demo-shared.service
systemctl stop module-demo-shared.service
sleep 1
assert_loaded udp_tunnel
systemctl is-failed --quiet modmgr-module@udp_tunnel.service && fail "a module still in use failed the unit"
ok "a module another module holds stays loaded; the unit stopped cleanly"
run_expect 0 modctl unload geneve

# fs-btrfs unescapes to fs/btrfs: not a module name.
systemctl start modmgr-module@fs-btrfs.service && fail "an invalid instance name started"
journalctl -u modmgr-module@fs-btrfs.service --no-pager | grep -q "must not contain '/'" ||
    fail "no clear message for the invalid name: $(journalctl -u modmgr-module@fs-btrfs.service --no-pager | tail -3)"
ok "an invalid instance name fails with modmgrd's reason"
rm -f "$units"/module-demo*.service
systemctl daemon-reload
