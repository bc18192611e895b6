# Changes made by hand in /etc/modprobe.d and /etc/modules-load.d are noticed: writing, editing
# and removing a file there announces ConfigChanged(dummy) once, and `modctl config` then shows
# the new state; modctl's own changes are announced once too. (systemd's own
# /lib/modprobe.d/systemd.conf sets numdummies=0; the hand-written file, read after it, wins.)
. "$(dirname "$0")/../lib.sh"
options_file=/etc/modprobe.d/zz-hand.conf
load_file=/etc/modules-load.d/zz-hand.conf
trap 'rm -f "$options_file" "$load_file"; modctl unblacklist dummy >/dev/null 2>&1 || true' EXIT

# announced CMD...: runs CMD; fails unless ConfigChanged(dummy) came exactly once, within a
# second. Leaves dummy's configuration as `modctl config --json` shows it right after in $out.
announced() {
    local events
    events=$(python3 "$(dirname "$0")/../signal_watcher.py" 1 -- "$@")
    [ "$(python3 -c 'import json, sys; print(json.loads(sys.argv[1]).count(["ConfigChanged", "dummy"]))' "$events")" = 1 ] ||
        fail "'$*': ConfigChanged(dummy) not exactly once: $events"
    ok "'$*' announced ConfigChanged(dummy)"
    run_expect 0 modctl config dummy --json
}

announced sh -c "echo 'options dummy numdummies=4' >$options_file"
assert_source options "$options_file" 1 False
[ "$(json_get "doc['options'][-1]")" = numdummies=4 ] || fail "the written options are not in effect: $out"
announced sed -i '1i # tuned by hand' "$options_file"
assert_source options "$options_file" 2 False
announced sed -i 's/numdummies=4/numdummies=5/' "$options_file"
[ "$(json_get "doc['options'][-1]")" = numdummies=5 ] || fail "the edited options are not in effect: $out"
announced rm "$options_file"
[ "$(json_get "'numdummies=5' in doc['options'], any(s['file'] == '$options_file' for s in doc['config_sources'])")" = "(False, False)" ] ||
    fail "the removed file still counts: $out"

announced sh -c "echo dummy >$load_file"
assert_source load "$load_file" 1 False
[ "$(json_get "doc['load_at_boot']")" = True ] || fail "dummy is not loaded at boot after the hand edit: $out"
announced sed -i '1i # loaded by hand' "$load_file"
assert_source load "$load_file" 2 False
announced rm "$load_file"
[ "$(json_get "doc['load_at_boot'], any(s['file'] == '$load_file' for s in doc['config_sources'])")" = "(False, False)" ] ||
    fail "the removed file still counts: $out"

announced modctl blacklist dummy
assert_managed_line "$modprobe_conf" "blacklist dummy"
assert_source blacklist "$modprobe_conf" "$line_no" True
announced modctl unblacklist dummy
[ "$(json_get "doc['blacklisted']")" = False ] || fail "dummy is still blacklisted: $out"
