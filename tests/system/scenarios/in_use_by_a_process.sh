# A module a process keeps in use is refused with its reference count, and stays loaded.
. "$(dirname "$0")/../lib.sh"

# systemd mounts /sys/kernel/config, which pins configfs.
loaded configfs || modprobe configfs
grep -q " /sys/kernel/config " /proc/mounts || mount -t configfs none /sys/kernel/config
refcount=$(cat /sys/module/configfs/refcnt)
[ "$refcount" -gt 0 ] || fail "configfs has no users in this guest"

run_expect 5 modctl unload configfs
grep -q "reference count $refcount" <<<"$err" || fail "refusal does not give the refcount $refcount: $err"
assert_loaded configfs
