# The walk-through: load with parameters, list, info, unload by bare name.
. "$(dirname "$0")/../lib.sh"
remove_on_exit dummy brd

run_expect 0 as grouped modctl load dummy numdummies=3
assert_loaded dummy
for i in 0 1 2; do [ -d /sys/class/net/dummy$i ] || fail "no dummy$i interface"; done
[ ! -d /sys/class/net/dummy3 ] || fail "dummy3 exists: numdummies was not applied"
ok "numdummies=3 created dummy0..dummy2"

# dummy keeps its parameter out of sysfs; brd (RAM disks) shows rd_nr in /sys/module.
loaded brd && fail "brd is already loaded in this guest"
run_expect 0 as grouped modctl load brd rd_nr=2 rd_size=1024
[ "$(cat /sys/module/brd/parameters/rd_nr)" = 2 ] || fail "rd_nr=2 not in /sys/module/brd/parameters"
[ -d /sys/block/ram1 ] && [ ! -d /sys/block/ram2 ] || fail "rd_nr=2 did not create ram0 and ram1"
ok "/sys/module/brd/parameters/rd_nr is 2, ram0 and ram1 exist"

run_expect 0 as plain modctl list
grep -q "^dummy " <<<"$out" || fail "modctl list does not show dummy: $out"
[ "$(head -n1 <<<"$out" | tr -s ' ')" = "Module Size Used by" ] || fail "lsmod header missing"

run_expect 0 as plain modctl info brd --json
[ "$(json_get 'doc["parameter_values"]["rd_nr"]')" = 2 ] || fail "Info parameter_values: $out"
[ "$(json_get 'doc["loaded"]')" = True ] || fail "Info says not loaded"
run_expect 0 as grouped modctl unload brd
assert_not_loaded brd

run_expect 0 as grouped modctl unload dummy
assert_not_loaded dummy
[ ! -d /sys/class/net/dummy0 ] || fail "dummy0 still exists after unload"
