# Dependencies load first and are reported; a dependency in use is refused naming its holder;
# unloading removes every dependency nobody else uses and keeps those others still hold.
. "$(dirname "$0")/../lib.sh"
remove_on_exit vxlan geneve ip6_udp_tunnel udp_tunnel

run_expect 0 as grouped modctl load vxlan --json
[ "$(json_get '",".join(sorted(doc["inserted"][:-1])) + ":" + doc["inserted"][-1]')" = "ip6_udp_tunnel,udp_tunnel:vxlan" ] ||
    fail "reply does not list the dependencies first: $out"
assert_loaded vxlan; assert_loaded udp_tunnel; assert_loaded ip6_udp_tunnel

before=$(cut -d' ' -f1 /proc/modules | sort)
run_expect 5 as grouped modctl unload udp_tunnel
grep -q vxlan <<<"$err" || fail "the refusal does not name vxlan: $err"
[ "$(cut -d' ' -f1 /proc/modules | sort)" = "$before" ] || fail "a refused unload changed /proc/modules"

run_expect 0 as grouped modctl load geneve
run_expect 0 as grouped modctl unload vxlan --json
[ "$(json_get '",".join(doc["removed"])')" = vxlan ] || fail "removed more than vxlan while geneve holds the rest: $out"
assert_not_loaded vxlan; assert_loaded udp_tunnel; assert_loaded ip6_udp_tunnel

run_expect 0 as grouped modctl unload geneve --json
[ "$(json_get '",".join(sorted(doc["removed"]))')" = "geneve,ip6_udp_tunnel,udp_tunnel" ] || fail "cleanup incomplete: $out"
assert_not_loaded geneve; assert_not_loaded udp_tunnel; assert_not_loaded ip6_udp_tunnel
