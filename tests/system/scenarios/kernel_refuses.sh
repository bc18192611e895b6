# The kernel says no: its refusal comes back typed with the errno; an unknown parameter is
# refused before anything is loaded; nothing is left behind.
. "$(dirname "$0")/../lib.sh"
remove_on_exit dummy
work=$(mktemp -d)
chmod 755 "$work"

# Two real modules the kernel must refuse, made from dummy.ko: one whose signed bytes were
# changed (the signature no longer matches: EKEYREJECTED, even without enforced signing) and
# one with its signature stripped and a version magic naming another kernel (ENOEXEC).
src=/lib/modules/$(uname -r)/kernel/drivers/net/dummy.ko
magic=$(modinfo -F vermagic "$src")
python3 - "$src" "$work" "$magic" <<'PY'
import struct, sys
src, work, magic = sys.argv[1:]
data = open(src, "rb").read()
# With modversions the kernel compares the magic after the release: change the last word.
other = magic.rstrip()[:-1] + "z" + magic[len(magic.rstrip()):]
tampered = data.replace(magic.encode(), other.encode(), 1)
open(f"{work}/tampered.ko", "wb").write(tampered)
marker = b"~Module signature appended~\n"
assert tampered.endswith(marker)
# struct module_signature (12 bytes, sig_len big-endian last) sits before the marker.
sig_len = struct.unpack(">I", tampered[-len(marker) - 4:-len(marker)])[0]
open(f"{work}/unsigned-wrong-magic.ko", "wb").write(tampered[:-(len(marker) + 12 + sig_len)])
PY
chmod 644 "$work"/*.ko
# load-file is admin-only (auth_admin); root is authorized without polkit.
run_expect 8 modctl load "$work/tampered.ko"
grep -q EKEYREJECTED <<<"$err" || fail "refusal does not carry EKEYREJECTED: $err"
run_expect 8 modctl load "$work/unsigned-wrong-magic.ko"
grep -q ENOEXEC <<<"$err" || fail "refusal does not carry ENOEXEC: $err"
assert_not_loaded dummy

# A file that is not a module at all never reaches the kernel.
echo "not a module" >"$work/notamodule.ko"
chmod 644 "$work/notamodule.ko"
run_expect 2 modctl load "$work/notamodule.ko"

run_expect 2 as grouped modctl load dummy nosuchparam=1
grep -q nosuchparam <<<"$err" || fail "the unknown parameter is not named: $err"
assert_not_loaded dummy
rm -rf "$work"
