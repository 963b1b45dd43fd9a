#!/usr/bin/env bash
# A fixed MIG layout that cannot be placed is refused when the scenario loads: exit 2, and
# the message names the key, the layout and why.
source "$(dirname "$0")/lib.sh"
data="$TESTS/scenario/data/slicing_mig_bad_layout.yaml"
for cmd in validate run; do
  args=("$cmd" "$data")
  [ "$cmd" == run ] && args+=(--out "$WORK/out-run")
  set +e
  "$VGPUSIM" "${args[@]}" >"$WORK/$cmd.out" 2>"$WORK/$cmd.err"
  rc=$?
  set -e
  check_eq "$cmd exit code" 2 "$rc"
  check_contains "$cmd message" "$WORK/$cmd.err" "datacenter.pools[0].mig.layout"
  check_contains "$cmd message" "$WORK/$cmd.err" "4g.40gb"
done
[ ! -e "$WORK/out-run/summary.json" ] && pass "no outputs written" || fail "outputs written for a bad scenario"
finish
