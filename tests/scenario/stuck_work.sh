#!/usr/bin/env bash
# Stuck work is not success (docs/outputs.md, exit code 4). data/stuck_drain.yaml drains its
# only server at 100 s for good: both jobs wait for capacity that nothing will free.
#   - the run ends there (t = 100 s) with exit 4; summary.json `stuck` and stderr list each
#     stuck stage with its first refusal reason; stages.csv says "stuck: ..." too;
#   - the same with power management on (periodic ticks: before issue #10 the run never
#     ended, as SimGrid saw no deadlock);
#   - with a restore at 200 s nothing is stuck: exit 0, both jobs done;
#   - in a sweep a stuck point is a result (stuck.count in runs.csv), not a failed run.
source "$(dirname "$0")/lib.sh"
scenario="$TESTS/scenario/data/stuck_drain.yaml"
reason="server p[0] is not accepting work (drained, failed or off)"
check_stuck() {  # NAME: checks the outputs of run NAME
  local j="$WORK/$1/summary.json"
  check_eq "$1: stuck stages" 2 "$(json "$j" .stuck.count)"
  check_near "$1: found when the drain emptied the cluster" 100 "$(json "$j" .stuck.at_s)" 1e-9
  check_near "$1: the run ended then" 100 "$(json "$j" .end_time_s)" 1e-9
  check_eq "$1: cause" "nothing running, no event to come: no capacity will be freed" "$(json "$j" .stuck.cause)"
  check_eq "$1: first stuck stage" "2 w train 5" "$(json "$j" '.stuck.stages[0] | "\(.job) \(.workflow) \(.stage) \(.waiting_since_s)"')"
  check_eq "$1: its reason" "$reason" "$(json "$j" '.stuck.stages[0].reason')"
  check_eq "$1: the restarted attempt waits since the drain" "1 100" "$(json "$j" '.stuck.stages[1] | "\(.job) \(.waiting_since_s)"')"
  check_eq "$1: jobs unfinished" 2 "$(json "$j" .jobs.unfinished)"
  check_contains "$1: stages.csv" "$WORK/$1/stages.csv" "2,w,train,train,1,unfinished,,,,,5,,,,0,0,0,0,0,0,\"stuck: $reason\""
  check_contains "$1: stderr" "$WORK/$1.err" "vgpusim: stuck at t=1m 40s: nothing running, no event to come: no capacity will be freed; 2 stages can never start:"
  check_contains "$1: stderr" "$WORK/$1.err" "  job 2 w/train (waiting since 5 s): $reason"
}
run_rc 4 drained run "$scenario" --out "$WORK/drained" --quiet
check_stuck drained
# Periodic ticks keep SimGrid busy forever: the controller must see that nothing can change.
rc=0
timeout 60 "$VGPUSIM" run "$scenario" --out "$WORK/ticks" --quiet --set energy.power_off_after=5min \
  >"$WORK/ticks.out" 2>"$WORK/ticks.err" || rc=$?
check_eq "ticks: exit code (124: it never ended)" 4 "$rc"
check_stuck ticks
run_rc 0 restored run "$scenario" --out "$WORK/restored" --quiet \
  --set 'events=[{at: 100s, drain: "p[0]"}, {at: 200s, restore: "p[0]"}]'
check_eq "restored: nothing stuck" 0 "$(json "$WORK/restored/summary.json" .stuck.count)"
check_eq "restored: jobs done" 2 "$(json "$WORK/restored/summary.json" .jobs.done)"
check_eq "restored: no stuck cause" null "$(json "$WORK/restored/summary.json" .stuck.cause)"

cat >"$WORK/sweep.yaml" <<SWEEP
version: 1
name: stuck-sweep
scenario: $scenario
vary:
  datacenter.pools[0].count: [1, 2]
SWEEP
run_rc 0 sweep sweep "$WORK/sweep.yaml" --out "$WORK/sweep" --jobs 1
check_eq "sweep: stuck.count of 1 and 2 servers" "2 0" \
  "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { printf "%s%s", sep, $c["stuck.count"]; sep = " " }' "$WORK/sweep/runs.csv")"
finish
