# GetPermissions tells each user what polkit will say, without prompting: the group the
# example rule names may load and unload outright, everyone else needs an administrator's
# password (the shipped auth_admin defaults), root may do everything, inspect is open to all.
. "$(dirname "$0")/../lib.sh"
since=$(date '+%Y-%m-%d %H:%M:%S')

permissions() {
    runuser -u "$1" -- busctl call --json=short org.modmgr1 /org/modmgr1 org.modmgr1.Manager \
        GetPermissions </dev/null |
        python3 -c 'import json,sys; d=json.load(sys.stdin)["data"][0]; print(" ".join(f"{k}={d[k]}" for k in sorted(d)))'
}

expect() {
    local user=$1 want=$2 got
    got=$(permissions "$user")
    [ "$got" = "$want" ] || fail "$user: expected '$want', got '$got'"
    ok "$user: $got"
}

expect root "org.modmgr1.configure=yes org.modmgr1.inspect=yes org.modmgr1.load=yes org.modmgr1.load-file=yes org.modmgr1.unload=yes"
expect grouped "org.modmgr1.configure=auth org.modmgr1.inspect=yes org.modmgr1.load=yes org.modmgr1.load-file=auth org.modmgr1.unload=yes"
expect plain "org.modmgr1.configure=auth org.modmgr1.inspect=yes org.modmgr1.load=auth org.modmgr1.load-file=auth org.modmgr1.unload=auth"
expect admin "org.modmgr1.configure=auth org.modmgr1.inspect=yes org.modmgr1.load=auth org.modmgr1.load-file=auth org.modmgr1.unload=auth"
journalctl --no-pager --since "$since" -u polkit.service | grep -q "AUTHENTICATING\|Registered Authentication Agent" &&
    fail "GetPermissions must never start an authentication"
ok "no authentication was started"
