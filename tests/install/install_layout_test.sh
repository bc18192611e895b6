#!/usr/bin/env bash
# `cmake --install --prefix /usr` must give a working distribution layout: every file where
# dbus-daemon, polkitd and systemd look, pointing at the installed daemon.
set -euo pipefail
build_dir=$1
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
DESTDIR=$stage cmake --install "$build_dir" --prefix /usr >/dev/null

failures=0
checks=0
expect_file() {
  checks=$((checks + 1))
  if [ -f "$stage$1" ]; then echo "ok: $1"; else echo "MISSING: $1"; failures=$((failures + 1)); fi
}
expect_line() {
  checks=$((checks + 1))
  if grep -qx "$2" "$stage$1"; then echo "ok: $1 has '$2'"; else echo "WRONG: $1 lacks '$2'"; failures=$((failures + 1)); fi
}

# systemd's unit directory (/lib/systemd/system on Debian 12), under the /usr prefix.
unit_dir=$(pkg-config --variable=systemdsystemunitdir systemd)
unit_dir=/usr${unit_dir#/usr}

expect_file /usr/sbin/modmgrd
expect_file /usr/bin/modctl
expect_file /usr/share/dbus-1/system.d/org.modmgr1.conf
expect_file /usr/share/dbus-1/system-services/org.modmgr1.service
expect_file /usr/share/dbus-1/interfaces/org.modmgr1.xml
expect_file /usr/share/polkit-1/actions/org.modmgr1.policy
expect_file "$unit_dir/modmgrd.service"
expect_file "$unit_dir/modmgr-module@.service"
expect_file /usr/share/man/man1/modctl.1
expect_file /usr/share/man/man5/org.modmgr1.5
expect_file /usr/share/man/man8/modmgrd.8
expect_file /usr/share/bash-completion/completions/modctl
expect_file /usr/share/zsh/vendor-completions/_modctl
expect_file /usr/share/fish/vendor_completions.d/modctl.fish
# The JSON Schemas of modctl --json, all of them, where modctl's help says they are.
for schema in "$(dirname "$0")"/../../client/schemas/*.schema.json; do
  expect_file "/usr/share/modmgr/json-schema/$(basename "$schema")"
done
expect_line /usr/share/dbus-1/system-services/org.modmgr1.service "Exec=/usr/sbin/modmgrd"
expect_line /usr/share/dbus-1/system-services/org.modmgr1.service "SystemdService=modmgrd.service"
expect_line "$unit_dir/modmgrd.service" "ExecStart=/usr/sbin/modmgrd"
expect_line "$unit_dir/modmgrd.service" "BusName=org.modmgr1"
expect_line "$unit_dir/modmgr-module@.service" "ExecStart=/usr/bin/modctl --no-ask-password --name load %I"

echo "$((checks - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
