#!/usr/bin/env bash
# SPEC 6: "the cost of the simulator over bare SimGrid for the same number of activities: at
# most 2x". For each workload, vgpusim runs the scenario once to record where and when every
# stage ran (stages.csv); bench/bare_simgrid (a plain s4u program: a controller actor and a
# long-lived actor per server fed through mailboxes) then does the same SimGrid work from
# that table: the same platform, the same execs with the same amounts and bounds on the same
# GPU hosts, the same image pulls, dataset reads and output writes, started at the same
# times; it makes no decision of its own. Both are counted by SimGrid's own debug log (one
# line per exec created, one per communication started) and must match, and every stage's
# end in the bare run must equal vgpusim's (relative 1e-9): the same activities, for real.
# Then both are timed pinned to one core, best of RUNS (default 3), in user CPU seconds:
# vgpusim's whole run (loading, scheduling, recording, writing every output) against the
# bare program's platform and simulation (its reading of the table excluded). Fails when a
# ratio exceeds 2. Workloads: dense (bench/data/dense_t4.yaml, 40,000 tasks, image pulls)
# and a slice of the synthetic month (bench/data/synthetic_month.yaml with MONTH_STAGES
# stage executions, default 90,000, spread over 30 days: pulls, dataset reads and writes
# over the two-tier network, MIG slices with bounds). docs/performance.md records the figures.
source "$(dirname "$0")/lib.sh"
: "${BARE_SIMGRID:?BARE_SIMGRID must point to the bare_simgrid binary}"
: "${RUNS:=3}"
: "${MONTH_STAGES:=90000}"
sg_counts=(ker_cpu.thres:debug ker_network.thres:debug)

# activities < SimGrid debug log: "EXECS DATA_COMMS MESSAGES" (messages: mailbox comms
# between actors on the control host; data: every other communication).
activities() {
  awk '/Create execute synchro/ { e++ }
       /Starting communication/ { if (/from .control. to .control./) m++; else d++ }
       END { printf "%d %d %d", e, d, m }'
}

# compare NAME SCENARIO SHAPE [--set ...]: one workload; returns 1 when it misses.
compare() {
  local name=$1 scenario=$2 shape=$3
  shift 3
  local out="$WORK/$name" vg=(run "$scenario" --quiet "$@")
  "$VGPUSIM" "${vg[@]}" --out "$out/ref" >/dev/null
  local check
  check=$("$BARE_SIMGRID" "$shape" "$out/ref/stages.csv")
  local dev unfinished
  dev=$(sed -n 's/.*max_end_deviation=\([^ ]*\).*/\1/p' <<<"$check")
  unfinished=$(sed -n 's/.*unfinished=\([0-9]*\).*/\1/p' <<<"$check")
  local vg_act bare_act
  vg_act=$("$VGPUSIM" "${vg[@]}" --out "$out/log" "${sg_counts[@]/#/--sg-log=}" 2>&1 >/dev/null | activities)
  bare_act=$("$BARE_SIMGRID" "$shape" "$out/ref/stages.csv" "${sg_counts[@]/#/--log=}" 2>&1 >/dev/null | activities)
  local vg_best="" bare_best="" t
  for _ in $(seq "$RUNS"); do
    t=$(user_s "$VGPUSIM" "${vg[@]}" --out "$out/timed")
    vg_best=$(awk -v b="$vg_best" -v t="$t" 'BEGIN { print (b == "" || t < b) ? t : b }')
    t=$("${pin[@]}" "$BARE_SIMGRID" "$shape" "$out/ref/stages.csv" | sed -n 's/.*simulation_user_s=\([^ ]*\).*/\1/p')
    bare_best=$(awk -v b="$bare_best" -v t="$t" 'BEGIN { print (b == "" || t < b) ? t : b }')
  done
  local ratio
  ratio=$(awk -v a="$vg_best" -v b="$bare_best" 'BEGIN { printf "%.2f", a / b }')
  read -r ve vd vm <<<"$vg_act"
  read -r be bd bm <<<"$bare_act"
  echo "$name: $(jq -r .stages.done "$out/ref/summary.json") stages; activities (SimGrid log):" \
    "vgpusim $ve execs, $vd data comms, $vm messages; bare $be execs, $bd data comms, $bm messages"
  echo "$name: stage ends, bare against vgpusim: max relative deviation $dev ($unfinished unfinished)"
  echo "$name: user CPU, best of $RUNS on one core: vgpusim $vg_best s, bare SimGrid $bare_best s"
  local ok=0
  [ "$ve" = "$be" ] && [ "$vd" = "$bd" ] && [ "$unfinished" = 0 ] &&
    awk -v d="$dev" 'BEGIN { exit !(d <= 1e-9) }' ||
    { echo "$name: the bare run did not do the same activities" >&2; ok=1; }
  at_most "$name: vgpusim / bare SimGrid" "$ratio" 2 || ok=1
  return $ok
}

echo "load: $(uptime)"
fail=0
compare dense "$REPO/bench/data/dense_t4.yaml" "$REPO/bench/data/dense_t4.shape" || fail=1
jobs=$((MONTH_STAGES / 3))
rate=$(awk -v n="$jobs" 'BEGIN { printf "%.9g/s", n / (30 * 86400) }')
compare month "$REPO/bench/data/synthetic_month.yaml" "$REPO/bench/data/synthetic_month.shape" \
  --set "workflows[0].arrival.count=$jobs" --set "workflows[0].arrival.rate=$rate" \
  --set "workflows[1].arrival.count=$jobs" --set "workflows[1].arrival.rate=$rate" || fail=1
echo "load: $(uptime)"
exit $fail
