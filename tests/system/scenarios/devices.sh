# A device whose driver is a module nothing loaded (run-guest's e1000e NIC; the guest has no
# udev): modctl devices lists it unbound with its candidate, load --for-device binds it,
# info names it, unloading unbinds it, and DeviceChanged says both.
. "$(dirname "$0")/../lib.sh"
remove_on_exit e1000e
watch() { python3 "$(dirname "$0")/../signal_watcher.py" 2 -- "$@"; }
# The DeviceChanged of `action` for $device in the events $1, with driver and module e1000e.
announced() {
    python3 -c 'import json,sys; ev=[e for e in json.loads(sys.argv[1]) if e[:3]==["DeviceChanged",sys.argv[2],sys.argv[3]]]; assert len(ev)==1 and ev[0][4:]==["e1000e","e1000e"], ev' "$1" "$2" "$device"
}

assert_not_loaded e1000e
device=$(modctl devices --unbound --json | python3 -c 'import json,sys; print(next(d["device"] for d in json.load(sys.stdin)["devices"] if [c["module"] for c in d["candidates"]] == ["e1000e"]))') ||
    fail "no unbound device with the candidate e1000e: $(modctl devices)"
driver_link="/sys/bus/${device%%/*}/devices/${device#*/}/driver"
ok "modctl devices --unbound lists $device with the candidate e1000e"

out=$(watch modctl load --for-device "$device")
assert_loaded e1000e
[ -e "$driver_link" ] || fail "$device has no driver after load --for-device"
announced "$out" bind || fail "no DeviceChanged bind naming e1000e: $out"
modctl info e1000e | grep -q "^device: *$device\$" || fail "info e1000e does not name $device: $(modctl info e1000e)"
ok "load --for-device $device bound e1000e, DeviceChanged said so, info names the device"

out=$(watch modctl unload e1000e)
[ ! -e "$driver_link" ] || fail "$device still has a driver after unloading e1000e"
announced "$out" unbind || fail "no DeviceChanged unbind naming e1000e: $out"
ok "unloading e1000e unbound $device and DeviceChanged said so"
