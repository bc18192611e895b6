# A builtin module: Info says so; Unload is refused as Builtin; Load is a no-op.
. "$(dirname "$0")/../lib.sh"
module=unix
grep -q "/$module.ko$" "/lib/modules/$(uname -r)/modules.builtin" || fail "$module is not builtin in this kernel"

run_expect 0 as plain modctl info $module --json
[ "$(json_get 'doc["builtin"]')" = True ] || fail "Info does not say builtin: $out"
[ "$(json_get 'doc["filename"]')" = "(builtin)" ] || fail "filename is not (builtin)"

run_expect 10 as grouped modctl unload $module
grep -q "built into the kernel" <<<"$err" || fail "refusal does not say builtin: $err"
run_expect 0 as grouped modctl load $module --json
[ "$(json_get 'len(doc["inserted"])')" = 0 ] || fail "loading a builtin inserted something: $out"
