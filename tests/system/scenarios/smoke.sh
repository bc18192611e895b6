#!/usr/bin/env bash
# The guest itself works: its kernel loads and unloads a real module from the mounted tree.
set -euo pipefail

loaded() { grep -q "^$1 " /proc/modules; }
fail() { echo "FAIL: $*"; exit 1; }

loaded dummy && fail "dummy is loaded before the test"
modprobe dummy
loaded dummy || fail "dummy not in /proc/modules after modprobe dummy"
[ -d /sys/module/dummy ] || fail "no /sys/module/dummy after modprobe dummy"
grep "^dummy " /proc/modules
modprobe -r dummy
loaded dummy && fail "dummy still in /proc/modules after modprobe -r dummy"
echo "dummy loaded and unloaded"
