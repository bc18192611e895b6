#!/usr/bin/env bash
# Tests the fish completion (modctl.fish) as fish runs it (`complete -C`, what TAB shows),
# against modctl itself.
# Usage: completion_fish_test.sh COMPLETIONS_DIR MODCTL
complete_line() {
    fish --no-config -c "source $completions/modctl.fish; complete -C '$1'" | cut -f1
}
source "$(dirname "$0")/completion_test_bed.sh"

expect "modctl unl" "unload"
expect "modctl un" "unblacklist unload unmask"
expect "modctl unload " "dummy udp_tunnel vxlan"
expect "modctl load vx" "vxcan vxlan"
expect "modctl unload --no-d" "--no-deps"
expect "modctl info -F pa" "parm parmvalue"
expect "modctl load -D " "pci/0000:00:02.0 platform/serial8250"
expect "modctl load ./" "./my_driver.ko"
echo "$failures failure(s)"
[[ $failures -eq 0 ]]
