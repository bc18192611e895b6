# modctl -H USER@HOST works like hostnamectl -H: over ssh and systemd-stdio-bridge to the
# remote system bus, without a local polkit agent. Here the remote is root@localhost (sshd
# from openssh-server, with a key this scenario makes).
. "$(dirname "$0")/../lib.sh"
remove_on_exit dummy
trap 'ssh -O exit localhost 2>/dev/null || true; rm -rf /root/.ssh; mv /root/.ssh.saved /root/.ssh 2>/dev/null || true; modprobe -r dummy 2>/dev/null || true' EXIT

[ ! -e /root/.ssh ] || mv /root/.ssh /root/.ssh.saved
mkdir -m 700 /root/.ssh
ssh-keygen -q -t ed25519 -N '' -f /root/.ssh/id_ed25519
cp /root/.ssh/id_ed25519.pub /root/.ssh/authorized_keys
# One connection for all: each key exchange takes seconds under TCG, and what is tested is
# modctl's use of ssh, not ssh's handshake. modctl runs ssh as sd-bus does (ssh -xT HOST
# systemd-stdio-bridge), so it takes up this configuration like any other.
printf 'Host localhost\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n  LogLevel ERROR\n  ControlMaster auto\n  ControlPath /root/.ssh/master-%%C\n  ControlPersist 300\n' >/root/.ssh/config
systemctl start ssh.service
ssh -n localhost true || fail "ssh to root@localhost does not work"

run_expect 0 modctl -H root@localhost list
grep -q "^Module" <<<"$out" || fail "no lsmod-style list over -H: $out"
run_expect 0 modctl -H root@localhost load dummy
assert_loaded dummy
run_expect 0 modctl -H root@localhost info dummy --json
[ "$(json_get 'doc["loaded"]')" = True ] || fail "Info over -H does not see dummy loaded"
run_expect 0 modctl -H root@localhost unload dummy
assert_not_loaded dummy
# A file cannot travel over ssh as an fd: refused before anything is sent.
run_expect 2 modctl -H root@localhost load "/lib/modules/$(uname -r)/kernel/drivers/net/dummy.ko"
assert_not_loaded dummy
