#!/usr/bin/env bash
# `vgpusim policies --plugin LIB` lists the plugin's policy with its description; without
# the plugin it is not there, and the built-ins are listed either way.
source "$(dirname "$0")/lib.sh"
: "${PLUGIN_DIR:?PLUGIN_DIR must hold the example plugin (set by CTest)}"
lib="$PLUGIN_DIR/libvgpusim_example_policy.so"
run_ok plain policies
run_ok with policies --plugin "$lib"
if grep -q '^  spread$' "$WORK/plain.out"; then fail "spread listed without the plugin"; else pass "no spread without the plugin"; fi
check_contains "policies --plugin" "$WORK/with.out" "  spread"
check_contains "policies --plugin" "$WORK/with.out" "example plugin: the server with the fewest allocated GPU milli"
for p in first-fit best-fit worst-fit random dot-product gpu-packing gpu-clustering fgd mig-aware; do
  check_contains "policies --plugin" "$WORK/with.out" "  $p"
done
n=$(grep -c '^  [a-z]' "$WORK/with.out" || true)
if [ "$n" -ge 10 ]; then pass "$n policies and queue disciplines listed"; else fail "only $n entries listed"; fi
finish
