# Every call is in the journal with structured fields: journalctl MODULE=dummy finds it, with
# the caller's uid and pid, the action, the result and a MESSAGE_ID per kind of outcome.
. "$(dirname "$0")/../lib.sh"
remove_on_exit dummy
since=$(date '+%Y-%m-%d %H:%M:%S')
sleep 1
run_expect 0 as grouped modctl load dummy
run_expect 3 as plain modctl unload dummy
journalctl --sync 2>/dev/null || true
sleep 1

entries=$(mktemp)
journalctl MODULE=dummy --since "$since" -o json --no-pager >"$entries"
[ -s "$entries" ] || fail "journalctl MODULE=dummy found nothing"
python3 - "$(id -u grouped)" "$(id -u plain)" "$entries" <<'PY'
import json, sys
grouped, plain, path = sys.argv[1:]
entries = [json.loads(line) for line in open(path)]
def find(**fields):
    return [e for e in entries if all(e.get(k) == v for k, v in fields.items())]
ok = find(ACTION="org.modmgr1.load", RESULT="ok", CALLER_UID=grouped, SYSLOG_IDENTIFIER="modmgrd")
denied = find(ACTION="org.modmgr1.unload", RESULT="denied", CALLER_UID=plain)
assert ok, f"no load entry for uid {grouped}: {entries}"
assert denied, f"no denied unload entry for uid {plain}: {entries}"
assert ok[0]["CALLER_PID"].isdigit() and ok[0]["MESSAGE_ID"] != denied[0]["MESSAGE_ID"], "fields"
print("ok: journal entries with MODULE, CALLER_UID, CALLER_PID, ACTION, RESULT, MESSAGE_ID")
PY
