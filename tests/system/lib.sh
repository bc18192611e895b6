# Helpers the scenarios source. Scenarios run as root inside the guest, after guest-setup
# installed modmgr and created the test users:
#   admin    password "admin-pw", group sudo (a polkit administrator)
#   plain    password "plain-pw", no rights
#   grouped  group modmgr, which polkit/examples/50-modmgr-group.rules lets load and unload
# Every assertion reads the kernel's own state (/proc/modules, /sys/module, /sys/class/net).
set -euo pipefail

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

ok() { echo "ok: $*"; }

loaded() { grep -q "^$1 " /proc/modules; }

assert_loaded() {
    loaded "$1" || fail "$1 is not in /proc/modules"
    ok "$1 is loaded"
}

assert_not_loaded() {
    ! loaded "$1" || fail "$1 is still in /proc/modules"
    ok "$1 is not loaded"
}

# as USER CMD...: runs CMD as USER without a terminal, the way a script would.
as() {
    local user=$1
    shift
    runuser -u "$user" -- "$@" </dev/null
}

# run_expect CODE CMD...: runs CMD, fails unless it exits with CODE. Leaves its output in
# $out and $err for further checks.
run_expect() {
    local want=$1
    shift
    local err_file
    err_file=$(mktemp)
    set +e
    out=$("$@" 2>"$err_file")
    local code=$?
    set -e
    err=$(cat "$err_file")
    rm -f "$err_file"
    [ "$code" -eq "$want" ] || fail "'$*' exited $code, expected $want; stderr: $err; stdout: $out"
    ok "'$*' exited $code"
}

# json_get EXPR: evaluates a Python expression on the JSON document in $out (as `doc`).
json_get() {
    python3 -c 'import json, sys; doc = json.loads(sys.stdin.read()); print(eval(sys.argv[1]))' "$1" <<<"$out"
}

# Leaves the kernel as the scenario found it, even when an assertion failed midway.
remove_on_exit() {
    local modules="$*"
    trap "for m in $modules; do modprobe -r \$m 2>/dev/null || true; done" EXIT
}

# The two files modmgrd writes (its ConfigurationFiles); it never writes any other.
modprobe_conf=/etc/modprobe.d/zz-modmgr.conf
load_conf=/etc/modules-load.d/zz-modmgr.conf

# assert_managed_line FILE LINE: FILE, one of modmgrd's, starts with its header and holds LINE;
# leaves LINE's number in $line_no.
assert_managed_line() {
    head -n1 "$1" | grep -q '^#.*modmgrd' || fail "$1 does not start with modmgrd's header: $(cat "$1")"
    line_no=$(grep -nxF -m1 "$2" "$1" | cut -d: -f1)
    [ -n "$line_no" ] || fail "$1 lacks the line '$2': $(cat "$1")"
    ok "$1:$line_no is '$2'"
}

managed_contents() { cat "$modprobe_conf" "$load_conf" 2>/dev/null || true; }

# refused_unchanged CODE CMD...: CMD fails with exit status CODE and leaves modmgrd's files as
# they were.
refused_unchanged() {
    local want=$1 before
    shift
    before=$(managed_contents)
    run_expect "$want" "$@"
    [ "$(managed_contents)" = "$before" ] || fail "'$*' was refused but changed modmgrd's files: $(managed_contents)"
    ok "modmgrd's files unchanged"
}

# assert_source KIND FILE LINE MANAGED: the configuration in $out (`modctl config --json`) has
# that source (MANAGED: True or False).
assert_source() {
    [ "$(json_get "any((s['kind'], s['file'], s['line'], s['managed']) == ('$1', '$2', $3, $4) for s in doc['config_sources'])")" = True ] ||
        fail "no source ($*) in: $out"
    ok "source: $1 at $2:$3, managed $4"
}

# assert_err_names FILE:LINE: the error message in $err names that file and line.
assert_err_names() {
    grep -qF "$1" <<<"$err" || fail "the error does not name $1: $err"
    ok "the error names $1"
}

# assert_objects_match_kernel: modmgrd's List and the module objects of its ObjectManager
# (GetManagedObjects) name exactly the modules in /proc/modules.
assert_objects_match_kernel() {
    local kernel listed objects
    kernel=$(cut -d' ' -f1 /proc/modules | sort)
    run_expect 0 modctl list --json
    listed=$(json_get '"\n".join(sorted(m["name"] for m in doc["modules"]))')
    [ "$listed" = "$kernel" ] || fail "List differs from /proc/modules: $(diff <(echo "$listed") <(echo "$kernel"))"
    objects=$(busctl call --json=short org.modmgr1 /org/modmgr1 org.freedesktop.DBus.ObjectManager \
        GetManagedObjects | python3 -c 'import json, sys
objects = json.load(sys.stdin)["data"][0].values()
print("\n".join(sorted(o["org.modmgr1.Module"]["Name"]["data"] for o in objects if "org.modmgr1.Module" in o)))')
    [ "$objects" = "$kernel" ] ||
        fail "GetManagedObjects differs from /proc/modules: $(diff <(echo "$objects") <(echo "$kernel"))"
    ok "List and GetManagedObjects equal /proc/modules ($(wc -l <<<"$kernel") modules)"
}

# await_restart PID RESTARTS: modmgrd, whose process PID was gone or going, runs again as a new
# process that systemd's Restart= started (its NRestarts above RESTARTS), within 60 s. Callers
# make no call meanwhile, since a call would start it by D-Bus activation instead.
await_restart() {
    local status
    for _ in $(seq 600); do
        [ "$(systemctl show -P NRestarts modmgrd.service)" -gt "$2" ] &&
            systemctl is-active --quiet modmgrd.service &&
            [ "$(systemctl show -P MainPID modmgrd.service)" != "$1" ] && break
        sleep 0.1
    done
    status=$(systemctl status --no-pager modmgrd.service || true)
    systemctl is-active --quiet modmgrd.service || fail "modmgrd is not running: $status"
    [ "$(systemctl show -P NRestarts modmgrd.service)" -gt "$2" ] || fail "systemd did not restart modmgrd: $status"
    [ "$(systemctl show -P MainPID modmgrd.service)" != "$1" ] || fail "still the same modmgrd process $1"
    ok "systemd restarted modmgrd: pid $1, now $(systemctl show -P MainPID modmgrd.service)"
}
