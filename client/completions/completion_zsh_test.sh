#!/usr/bin/env bash
# Tests the zsh completion (_modctl) as zsh's completion system runs it on TAB
# (zsh_capture.zsh), against modctl itself.
# Usage: completion_zsh_test.sh COMPLETIONS_DIR MODCTL
complete_line() {
    timeout 30 zsh "$completions/zsh_capture.zsh" "$completions" "$1"
}
source "$(dirname "$0")/completion_test_bed.sh"

expect "modctl unl" "MATCH:unload"
expect "modctl un" "MATCH:unblacklist MATCH:unload MATCH:unmask"
expect "modctl unload " "MATCH:dummy MATCH:udp_tunnel MATCH:vxlan"
expect "modctl load vx" "MATCH:vxcan MATCH:vxlan"
expect "modctl -H server unload du" "MATCH:dummy"
expect "modctl unload --no-d" "MATCH:--no-deps"
expect "modctl info -F pa" "MATCH:parm MATCH:parmvalue"
expect "modctl load -D " "MATCH:pci/0000:00:02.0 MATCH:platform/serial8250"
expect "modctl load ./" "MATCH:my_driver.ko"
echo "$failures failure(s)"
[[ $failures -eq 0 ]]
