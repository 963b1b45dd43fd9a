#!/usr/bin/env bash
# --sg-cfg / --sg-log / VGPUSIM_SG_CFG checked before the engine starts (docs/robustness.md):
# an unknown key, model or factory, a malformed setting, a bad number, a stack too small to
# run, a bad log level are exit 2 with a did-you-mean and never SimGrid's backtrace; `help`
# prints SimGrid's help and exits 0 (no scenario needed); valid settings still reach SimGrid.
source "$(dirname "$0")/lib.sh"
Q="$REPO/scenarios/quickstart.yaml"
n=0
bad() {  # bad FLAG VALUE EXPECTED: exit 2, the message, no backtrace, nothing written
  n=$((n + 1))
  run_rc 2 bad$n run "$Q" --out "$WORK/bad$n" --quiet "$1" "$2"
  check_contains "$1 $2" "$WORK/bad$n.err" "$1 $2: $3"
  if grep -q "Backtrace\|CRITICAL" "$WORK/bad$n.err"; then fail "$1 $2: SimGrid's abort shown"; fi
  if [ -e "$WORK/bad$n" ]; then fail "$1 $2: --out written"; fi
}
bad --sg-cfg foo:bar "unknown SimGrid setting 'foo'"
bad --sg-cfg network/modle:CM02 "unknown SimGrid setting 'network/modle'; did you mean 'network/model'?"
bad --sg-cfg network/model:CM03 "unknown value 'CM03' for network/model; did you mean 'CM02'?"
bad --sg-cfg contexts/factory:nope "unknown value 'nope' for contexts/factory (one of raw, ucontext, boost, thread)"
bad --sg-cfg garbage "'garbage' is not key:value"
bad --sg-cfg contexts/stack-size:1 "contexts/stack-size must be at least 64 KiB"
bad --sg-cfg network/TCP-gamma:abc "'abc' is not a finite number (network/TCP-gamma is a double)"
bad --sg-cfg surf/precision:0 "surf/precision must be more than 0"
bad --sg-cfg network/model:Constant "network/model:Constant cannot run here"
bad --sg-log root.thres:loud "unknown log level 'loud'"
bad --sg-log root.thres:warn "unknown log level 'warn'; did you mean 'warning'?"
bad --sg-log garbage "'garbage' is not CATEGORY.SETTING:VALUE"
VGPUSIM_SG_CFG="contexts/factory:nope" run_rc 2 env run "$Q" --out "$WORK/env" --quiet
check_contains "VGPUSIM_SG_CFG checked too, named" "$WORK/env.err" "VGPUSIM_SG_CFG contexts/factory:nope: unknown value 'nope'"

run_ok cfghelp run --sg-cfg help
check_contains "--sg-cfg help: SimGrid's settings" "$WORK/cfghelp.out" "contexts/stack-size: Stack size of contexts in KiB"
run_ok loghelp run "$WORK/no-such.yaml" --sg-log help
check_contains "--sg-log help: SimGrid's log help" "$WORK/loghelp.out" "Threshold configuration: --log=CATEGORY_NAME.thres:PRIORITY_LEVEL"
run_ok modelhelp run "$Q" --sg-cfg network/model:help
run_rc 2 noscenario run --out "$WORK/none"
check_contains "run without a scenario (and no help)" "$WORK/noscenario.err" "the scenario file is required"
check_contains "a model key's help" "$WORK/modelhelp.out" "CM02"

# Valid settings reach SimGrid: a stack of 128 KiB, several settings in one value, a log
# threshold; and a bandwidth factor of 0.5 (vgpusim sets 1), which slows every transfer
# (image pulls, checkpoints) and so changes the makespan.
run_ok good run "$Q" --out "$WORK/good" --quiet --sg-cfg contexts/stack-size:128 \
  --sg-cfg "network/crosstraffic:0 network/TCP-gamma:1e20" --sg-log root.thres:critical
run_ok half run "$Q" --out "$WORK/half" --quiet --sg-cfg network/bandwidth-factor:0.5
check_eq "valid settings: same run as without them" \
  "$(json "$WORK/good/summary.json" .makespan_s)" "$("$VGPUSIM" run "$Q" --out "$WORK/plain" --quiet >/dev/null && json "$WORK/plain/summary.json" .makespan_s)"
if [ "$(json "$WORK/half/summary.json" .makespan_s)" != "$(json "$WORK/plain/summary.json" .makespan_s)" ]; then
  pass "network/bandwidth-factor:0.5 reached SimGrid (another makespan)"
else
  fail "network/bandwidth-factor:0.5 changed nothing"
fi
finish
