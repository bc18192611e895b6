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
